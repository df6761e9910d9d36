package dev.mlops.cli.support;

import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --template} option's values: the ids of {@link Templates#all()}, converted to the template and offered
 * to shell completion.
 */
public final class TemplateChoice implements ITypeConverter<Template>, Iterable<String> {
    /** Creates the converter (picocli does). */
    public TemplateChoice() {
    }

    /**
     * The template ids, in the seed document's order.
     *
     * @return the ids
     */
    public static List<String> ids() {
        return Templates.all().stream().map(Template::id).toList();
    }

    @Override
    public Template convert(String id) {
        return Templates.all().stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> new TypeConversionException("unknown template '" + id + "'; one of " + String.join(", ", ids())));
    }

    @Override
    public Iterator<String> iterator() {
        return ids().iterator();
    }
}
