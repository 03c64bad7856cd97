package org.mlmlab.notebook;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/** Turns what lessons show (charts, tables, token strips, images, text) into a {@link MimeBundle}. */
final class Rendering {
    static {
        // Charts render off-screen: no display is needed (Binder, CI, servers).
        System.setProperty("java.awt.headless", "true");
    }

    private Rendering() {
    }

    static MimeBundle of(Object content) {
        if (content instanceof MimeBundle bundle) {
            return bundle;
        }
        if (content instanceof Chart<?, ?> chart) {
            return MimeBundle.png(png(chart), "[chart: " + chart.getTitle() + "]");
        }
        if (content instanceof Table table) {
            return MimeBundle.html(Html.table(table), table.print(Html.MAX_ROWS));
        }
        if (content instanceof TokenStrip strip) {
            return MimeBundle.html(strip.toHtml(), strip.toText());
        }
        if (content instanceof BufferedImage image) {
            return MimeBundle.png(png(image), "[image " + image.getWidth() + "x" + image.getHeight() + "]");
        }
        return MimeBundle.text(String.valueOf(content));
    }

    static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not draw chart '" + chart.getTitle() + "'", e);
        }
    }

    static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode image", e);
        }
    }
}
