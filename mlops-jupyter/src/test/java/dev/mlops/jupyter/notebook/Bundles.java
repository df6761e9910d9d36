package dev.mlops.jupyter.notebook;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Reads what a display's MIME bundle shows: the tables of its {@code text/html}, the series of its SVG. */
final class Bundles {
    private Bundles() {
    }

    /** A table as a person reads it: the title above it, its headings and its cells. */
    record Table(String title, List<String> headers, List<List<String>> rows) {
        List<String> column(String header) {
            int i = headers.indexOf(header);
            if (i < 0) {
                throw new AssertionError("table " + title + " has no column " + header + ": " + headers);
            }
            return rows.stream().map(r -> r.get(i)).toList();
        }
    }

    static String html(DisplayData d) {
        Object html = d.getData(MIMEType.TEXT_HTML);
        if (!(html instanceof String s)) {
            throw new AssertionError("display has no text/html: " + types(d));
        }
        return s;
    }

    static String svg(DisplayData d) {
        Object svg = d.getData(MIMEType.IMAGE_SVG);
        if (!(svg instanceof String s)) {
            throw new AssertionError("display has no image/svg+xml: " + types(d));
        }
        return s;
    }

    static String text(DisplayData d) {
        return String.valueOf(d.getData(MIMEType.TEXT_PLAIN));
    }

    static String types(DisplayData d) {
        List<String> t = new ArrayList<>();
        for (MIMEType m : List.of(MIMEType.TEXT_PLAIN, MIMEType.TEXT_HTML, MIMEType.IMAGE_SVG)) {
            if (d.hasDataForType(m)) {
                t.add(m.toString());
            }
        }
        return t.toString();
    }

    /** Parses XML (the views' HTML is well-formed, so a strict parser reads it; a stray {@code <} would fail). */
    static Document xml(String text) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new InputSource(new StringReader(text)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage() + "\n" + text, e);
        }
    }

    static List<Table> tables(DisplayData d) {
        Document doc = xml("<root>" + html(d) + "</root>");
        NodeList tables = doc.getElementsByTagName("table");
        List<Table> out = new ArrayList<>();
        for (int i = 0; i < tables.getLength(); i++) {
            Element t = (Element) tables.item(i);
            Node title = t.getPreviousSibling();
            List<String> headers = new ArrayList<>();
            NodeList th = t.getElementsByTagName("th");
            for (int j = 0; j < th.getLength(); j++) {
                headers.add(th.item(j).getTextContent());
            }
            List<List<String>> rows = new ArrayList<>();
            NodeList tr = ((Element) t.getElementsByTagName("tbody").item(0)).getElementsByTagName("tr");
            for (int j = 0; j < tr.getLength(); j++) {
                NodeList td = ((Element) tr.item(j)).getElementsByTagName("td");
                if (td.getLength() == 1 && ((Element) td.item(0)).hasAttribute("colspan")) {
                    continue;  // the "none" row of an empty table
                }
                List<String> row = new ArrayList<>();
                for (int k = 0; k < td.getLength(); k++) {
                    row.add(td.item(k).getTextContent());
                }
                rows.add(row);
            }
            out.add(new Table(title == null ? "" : title.getTextContent(), headers, rows));
        }
        return out;
    }

    static Table table(DisplayData d, String titlePrefix) {
        List<Table> all = tables(d);
        Optional<Table> t = all.stream().filter(x -> x.title().startsWith(titlePrefix)).findFirst();
        return t.orElseThrow(() -> new AssertionError("no table titled " + titlePrefix + "… among "
                + all.stream().map(Table::title).toList()));
    }

    /** The names of an SVG chart's series (its {@code g class="series"} groups). */
    static List<String> series(String svg) {
        Document doc = xml(svg);
        Element root = doc.getDocumentElement();
        if (!root.getLocalName().equals("svg") || !"http://www.w3.org/2000/svg".equals(root.getNamespaceURI())) {
            throw new AssertionError("not an SVG document: " + root.getTagName());
        }
        List<String> names = new ArrayList<>();
        NodeList g = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
        for (int i = 0; i < g.getLength(); i++) {
            Element e = (Element) g.item(i);
            if ("series".equals(e.getAttribute("class"))) {
                names.add(e.getAttribute("data-series"));
            }
        }
        return names;
    }

    /** How many points (circles) an SVG series has. */
    static int points(String svg, String series) {
        Document doc = xml(svg);
        NodeList g = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
        for (int i = 0; i < g.getLength(); i++) {
            Element e = (Element) g.item(i);
            if (series.equals(e.getAttribute("data-series"))) {
                return e.getElementsByTagNameNS("http://www.w3.org/2000/svg", "circle").getLength();
            }
        }
        throw new AssertionError("no series " + series + " in the chart");
    }
}
