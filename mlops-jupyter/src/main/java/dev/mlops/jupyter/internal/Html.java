package dev.mlops.jupyter.internal;

/**
 * Escaping for HTML and XML (SVG) text and attribute values. Values shown in views come from users (names, commit
 * messages, gate comments, feature names), so every one goes through here.
 */
public final class Html {
    private Html() {
    }

    /**
     * Escapes text for an HTML or XML element body or a quoted attribute value: {@code & < > " '} become entities, and
     * characters that XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD so that the
     * SVG still parses.
     *
     * @param text the text, or {@code null} (escaped as the empty string)
     * @return the escaped text
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        b.append(c).append(text.charAt(++i));
                    } else if (allowedInXml(c)) {
                        b.append(c);
                    } else {
                        b.append('\uFFFD');
                    }
                }
            }
        }
        return b.toString();
    }

    private static boolean allowedInXml(char c) {
        if (Character.isSurrogate(c)) {
            return false;
        }
        return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
    }

    /**
     * Shortens text to at most {@code max} characters, ending with an ellipsis when cut.
     *
     * @param text the text
     * @param max the largest length, at least 2
     * @return the text or its shortened form
     */
    public static String shorten(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
