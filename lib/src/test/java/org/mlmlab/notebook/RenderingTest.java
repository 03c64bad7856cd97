package org.mlmlab.notebook;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RenderingTest {

    @Test
    void chartsBecomePngWithATextFallback() {
        XYChart chart = new XYChartBuilder().width(200).height(100).title("loss").build();
        chart.addSeries("s", new double[] {1, 2, 3}, new double[] {3, 2, 1});
        MimeBundle bundle = Rendering.of(chart);
        byte[] png = Base64.getDecoder().decode(bundle.data().get(MimeBundle.PNG));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
        assertEquals("[chart: loss]", bundle.plainText());
    }

    @Test
    void tablesBecomeEscapedHtml() {
        Table t = Table.create("counts", StringColumn.create("word", "<b>", "a&b"), IntColumn.create("n", 1, 2));
        String html = Rendering.of(t).data().get(MimeBundle.HTML);
        assertTrue(html.contains("<caption style=\"font-weight:bold\">counts</caption>"));
        assertTrue(html.contains("<th>word</th><th>n</th>"));
        assertTrue(html.contains("<td>&lt;b&gt;</td><td>1</td>"));
        assertTrue(html.contains("<td>a&amp;b</td><td>2</td>"));
    }

    @Test
    void longTablesShowHeadAndTail() {
        int[] values = new int[100];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        String html = Html.table(Table.create("t", IntColumn.create("i", values)));
        assertTrue(html.contains("<td>0</td>"));
        assertTrue(html.contains("<td>99</td>"));
        assertTrue(html.contains("60 more rows"));
        assertFalse(html.contains("<td>50</td>"));
    }

    @Test
    void tokenStripsColourEachToken() {
        TokenStrip strip = new TokenStrip("s:", List.of(new TokenStrip.Token("how", "#fff"),
                new TokenStrip.Token("[MASK]", "red", "hidden: \"you\"")));
        MimeBundle bundle = Rendering.of(strip);
        assertEquals("s: [how][[MASK]]", bundle.plainText());
        String html = bundle.data().get(MimeBundle.HTML);
        assertTrue(html.contains("background:red"));
        assertTrue(html.contains("title=\"hidden: &quot;you&quot;\""));
    }

    @Test
    void anythingElseIsText() {
        assertEquals("42", Rendering.of(42).plainText());
        assertEquals(1, Rendering.of("x").data().size());
    }

    @Test
    void outsideAKernelOutputsGoToTheTerminal() {
        assertEquals("terminal", KernelDisplay.detect().name());
        assertEquals("terminal", Notebook.kernelName());
    }

    @Test
    void aBundleNeedsPlainText() {
        assertThrows(IllegalArgumentException.class, () -> new MimeBundle(java.util.Map.of(MimeBundle.HTML, "<b/>")));
    }
}
