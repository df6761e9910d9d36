package dev.mlops.jupyter;

import dev.mlops.exception.ValidationException;
import dev.mlops.jupyter.internal.Html;
import java.util.List;

/**
 * Views shown one after another under a heading, such as a project's status (pipelines, gates, models, environments)
 * or an execution and its stages.
 */
public final class ViewGroup implements View {
    private final String title;
    private final List<View> parts;

    /**
     * Groups views.
     *
     * @param title the heading, or the empty string for none
     * @param parts the views, in order
     * @throws ValidationException if the title is null or a part is null
     */
    public ViewGroup(String title, List<? extends View> parts) {
        if (title == null) {
            throw new ValidationException("ViewGroup.title", null, "non-null");
        }
        if (parts == null || parts.stream().anyMatch(java.util.Objects::isNull)) {
            throw new ValidationException("ViewGroup.parts", String.valueOf(parts), "a list of views");
        }
        this.title = title;
        this.parts = List.copyOf(parts);
    }

    /**
     * The heading.
     *
     * @return the heading, empty for none
     */
    public String title() {
        return title;
    }

    /**
     * The views, in order.
     *
     * @return the views
     */
    public List<View> parts() {
        return parts;
    }

    @Override
    public String html() {
        StringBuilder b = new StringBuilder("<div class=\"mlops-group\" style=\"color:inherit\">");
        if (!title.isEmpty()) {
            b.append("<div style=\"font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:15px;")
                    .append("font-weight:700;margin:6px 0\">").append(Html.escape(title)).append("</div>");
        }
        parts.forEach(p -> b.append(p.html()));
        return b.append("</div>").toString();
    }

    @Override
    public String text() {
        StringBuilder b = new StringBuilder();
        if (!title.isEmpty()) {
            b.append(title).append('\n').append("=".repeat(Math.min(title.length(), 80))).append('\n');
        }
        for (int i = 0; i < parts.size(); i++) {
            b.append(i == 0 ? "" : "\n").append(parts.get(i).text());
        }
        return b.toString();
    }

    /**
     * The group as text, as {@link #text()}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return text();
    }
}
