package org.contrastlab.core.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.Node;

/**
 * Decodes one image file into RGB bytes (3×S×S, channel-major) at a square storage size S:
 * the short side is resized to S and the centre cropped. Greyscale, palette and alpha images
 * are drawn onto an opaque RGB canvas; CMYK/YCCK JPEGs, which ImageIO decodes to ink values
 * but does not convert, are converted here (from the raw raster, where Adobe files store the
 * channels inverted, when ImageIO cannot decode them at all).
 */
public final class ImageDecoder {
    /** The most pixels an image may declare (about 8,000 × 8,000): more is refused before decoding. */
    public static final long MAX_PIXELS = 64_000_000;

    private ImageDecoder() {
    }

    /** Decodes {@code file}; throws {@link DatasetException} naming the file when it cannot. */
    public static byte[] decode(Path file, int size) {
        BufferedImage image = read(file);
        return toRgbBytes(resizeSquare(image, size));
    }

    /**
     * One image file as a store of one image at its own aspect ratio, shrunk (never enlarged)
     * so that its longer side is at most {@code maxSide}: what the studio and {@code
     * contrastlab augment --image} cut views from.
     */
    public static ImageStore single(Path file, int maxSide) {
        BufferedImage image = read(file);
        double f = Math.min(1.0, (double) maxSide / Math.max(image.getWidth(), image.getHeight()));
        int w = Math.max(1, (int) Math.round(image.getWidth() * f));
        int h = Math.max(1, (int) Math.round(image.getHeight() * f));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return new ImageStore(toRgbBytes(out), new int[] {ImageStore.UNLABELLED}, List.of(), null, h, w);
    }

    static BufferedImage read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file + (Files.isSymbolicLink(file) ? ": a link to nothing (dangling, or a loop)"
                    : ": not a file"));
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new DatasetException(file + ": cannot open");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DatasetException(file + ": not an image format Java can read");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new DatasetException(String.format(Locale.ROOT,
                            "%s: declares %d×%d pixels, over the limit of %d million an image", file, reader.getWidth(0),
                            reader.getHeight(0), MAX_PIXELS / 1_000_000));
                }
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                try {
                    BufferedImage image = reader.read(0);
                    if (!warnings.isEmpty()) { // a JPEG missing its end decodes with a grey lower part, and says so only here
                        throw new DatasetException(file + ": truncated or damaged (" + warnings.get(0) + ")");
                    }
                    if (isGreyWithAlpha(image)) {
                        return greyOnBlack(image.getRaster());
                    }
                    if (image.getRaster().getNumBands() == 4 && !image.getColorModel().hasAlpha()) {
                        // a CMYK/YCCK JPEG: ImageIO gives the ink values (Adobe's inversion already
                        // undone) in a CMYK colour space that draws as black
                        return cmykToRgb(image.getRaster(), false);
                    }
                    return image;
                } catch (IIOException e) {
                    if (reader.canReadRaster()) {
                        Raster raster = reader.readRaster(0, null);
                        if (raster.getNumBands() == 4) {
                            return cmykToRgb(raster, isAdobe(reader.getImageMetadata(0)));
                        }
                    }
                    throw e;
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DatasetException de) {
                throw de;
            }
            throw new DatasetException(file + ": cannot decode (" + e.getMessage() + ")", e);
        }
    }

    /** A grey image with an alpha channel (ImageIO's custom type for such PNGs). */
    private static boolean isGreyWithAlpha(BufferedImage image) {
        return image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && image.getColorModel().hasAlpha() && image.getRaster().getNumBands() == 2;
    }

    /**
     * Grey and alpha bands composited on black by their values. Drawing such an image converts
     * Java's linear grey space to sRGB and brightens it (a grey of 100 became 156).
     */
    static BufferedImage greyOnBlack(Raster raster) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int greyMax = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
        int alphaMax = (1 << raster.getSampleModel().getSampleSize(1)) - 1;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = (double) raster.getSample(x, y, 0) / greyMax * raster.getSample(x, y, 1) / alphaMax;
                int g = (int) Math.round(v * 255);
                out.setRGB(x, y, (g << 16) | (g << 8) | g);
            }
        }
        return out;
    }

    private static boolean isAdobe(IIOMetadata metadata) {
        if (metadata == null) {
            return false;
        }
        try {
            Node root = metadata.getAsTree("javax_imageio_jpeg_image_1.0");
            return findNode(root, "app14Adobe");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean findNode(Node node, String name) {
        if (name.equals(node.getNodeName())) {
            return true;
        }
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (findNode(c, name)) {
                return true;
            }
        }
        return false;
    }

    /** Converts a 4-band CMYK raster to RGB with the naive formula R = (1−C)(1−K). */
    static BufferedImage cmykToRgb(Raster raster, boolean inverted) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = new int[4];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.getPixel(x, y, px);
                int c = inverted ? 255 - px[0] : px[0];
                int m = inverted ? 255 - px[1] : px[1];
                int ye = inverted ? 255 - px[2] : px[2];
                int k = inverted ? 255 - px[3] : px[3];
                int r = (255 - c) * (255 - k) / 255;
                int g = (255 - m) * (255 - k) / 255;
                int b = (255 - ye) * (255 - k) / 255;
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }

    /** Short side to {@code size}, centre crop, on an opaque RGB canvas (alpha composited on black). */
    static BufferedImage resizeSquare(BufferedImage src, int size) {
        BufferedImage current = src;
        int w = src.getWidth();
        int h = src.getHeight();
        int side = Math.min(w, h);
        // halve while far larger, so bilinear scaling does not alias
        while (side >= 4 * size) {
            w /= 2;
            h /= 2;
            side /= 2;
            current = draw(current, w, h, 0, 0, w, h);
        }
        double scale = (double) size / Math.min(w, h);
        int sw = (int) Math.round(w * scale);
        int sh = (int) Math.round(h * scale);
        return draw(current, size, size, (size - sw) / 2, (size - sh) / 2, sw, sh);
    }

    private static BufferedImage draw(BufferedImage src, int canvasW, int canvasH, int x, int y, int w, int h) {
        BufferedImage out = new BufferedImage(canvasW, canvasH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, x, y, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** RGB bytes of an image, channel-major (all red, then green, then blue), as the ImageStore keeps them. */
    public static byte[] toRgbBytes(BufferedImage rgb) {
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        int[] argb = rgb.getRGB(0, 0, w, h, null, 0, w);
        int plane = w * h;
        byte[] out = new byte[3 * plane];
        for (int p = 0; p < plane; p++) {
            out[p] = (byte) (argb[p] >> 16);
            out[plane + p] = (byte) (argb[p] >> 8);
            out[2 * plane + p] = (byte) argb[p];
        }
        return out;
    }
}
