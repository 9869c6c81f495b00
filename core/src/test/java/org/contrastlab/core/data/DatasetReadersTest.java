package org.contrastlab.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.contrastlab.core.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetReadersTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheSharedCifar10Folder() {
        DatasetSplits s = Datasets.open(TestData.cifar10().toString(), LoadOptions.defaults());
        assertEquals(10000, s.train().size());
        assertEquals(10000, s.test().size());
        assertEquals(32, s.train().height());
        assertEquals("airplane", s.train().classNames().get(0));
        int[] counts = new int[10];
        for (int l : s.test().labels()) {
            counts[l]++;
        }
        for (int c : counts) {
            assertEquals(1000, c);
        }
    }

    @Test
    void readsCifar100WithFineLabels() throws IOException {
        byte[] rec = new byte[2 + 3072];
        rec[0] = 3;
        rec[1] = 77;
        rec[2] = (byte) 200;
        Files.write(tmp.resolve("train.bin"), rec);
        Files.write(tmp.resolve("test.bin"), rec);
        DatasetSplits s = Datasets.open(tmp.toString(), LoadOptions.defaults());
        assertEquals(77, s.train().label(0));
        assertEquals(100, s.train().classNames().size());
        assertEquals(200, s.train().value(0, 0, 0, 0));
    }

    @Test
    void truncatedCifarFileIsNamedInTheError() throws IOException {
        Files.write(tmp.resolve("data_batch_1.bin"), new byte[3073 * 2 + 5]);
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.open(tmp.toString(), LoadOptions.defaults()));
        assertTrue(e.getMessage().contains("data_batch_1.bin"), e.getMessage());
    }

    @Test
    void readsMnistIdxPlainAndGzipped() throws IOException {
        writeIdx(tmp.resolve("train-images-idx3-ubyte.gz"), tmp.resolve("train-labels-idx1-ubyte.gz"), 5, true);
        writeIdx(tmp.resolve("t10k-images-idx3-ubyte"), tmp.resolve("t10k-labels-idx1-ubyte"), 3, false);
        DatasetSplits s = Datasets.open(tmp.toString(), LoadOptions.defaults());
        assertEquals(5, s.train().size());
        assertEquals(3, s.test().size());
        assertEquals(28, s.train().width());
        assertEquals(4, s.train().label(4));
        // grey becomes RGB: all channels equal
        assertEquals(s.train().value(2, 0, 5, 7), s.train().value(2, 2, 5, 7));
        assertEquals((2 + 5 + 7) % 256, s.train().value(2, 1, 5, 7));
    }

    @Test
    void imageFolderConvertsGreyAndPaletteAndSkipsCorruptFilesByName() throws IOException {
        Path cats = Files.createDirectories(tmp.resolve("cats"));
        Path dogs = Files.createDirectories(tmp.resolve("dogs"));
        BufferedImage rgb = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(20, 15, Color.RED.getRGB());
        fill(rgb, new Color(10, 200, 30));
        ImageIO.write(rgb, "png", cats.resolve("a.png").toFile());
        BufferedImage grey = new BufferedImage(30, 30, BufferedImage.TYPE_BYTE_GRAY);
        fill(grey, new Color(90, 90, 90));
        ImageIO.write(grey, "png", cats.resolve("b.png").toFile());
        byte[] r = {(byte) 255, 0};
        byte[] g = {0, 0};
        byte[] b = {0, (byte) 255};
        BufferedImage palette = new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(1, 2, r, g, b));
        ImageIO.write(palette, "gif", dogs.resolve("c.gif").toFile());
        Files.write(dogs.resolve("broken.jpg"), new byte[] {1, 2, 3, 4, 5});
        Files.writeString(dogs.resolve("notes.txt"), "not an image");

        ImageFolderReader.Result result = ImageFolderReader.read(tmp, 16);
        ImageStore s = result.store();
        assertEquals(3, s.size());
        assertEquals(List.of("cats", "dogs"), s.classNames());
        assertEquals(1, result.skipped().size());
        assertTrue(result.skipped().get(0).contains("broken.jpg"), result.skipped().get(0));
        // the green image, the grey image (equal channels), the red palette image
        assertEquals(200, s.value(0, 1, 8, 8), 3);
        assertEquals(s.value(1, 0, 8, 8), s.value(1, 2, 8, 8));
        assertEquals(90, s.value(1, 1, 8, 8), 2);
        assertEquals(255, s.value(2, 0, 8, 8));
        assertEquals(1, s.label(2));
    }

    @Test
    void greyPngWithAlphaKeepsItsGreyValues(@TempDir Path dir) throws IOException {
        // a grey+alpha PNG (ImageIO's custom type) drawn onto RGB went through a linear-grey → sRGB
        // conversion: a grey of 100 came out at 156
        ComponentColorModel cm = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(8, 8);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                raster.setSample(x, y, 0, 100);
                raster.setSample(x, y, 1, x < 4 ? 255 : 0); // the right half transparent: black, as other alpha images
            }
        }
        Path f = dir.resolve("grey-alpha.png");
        ImageIO.write(new BufferedImage(cm, raster, false, null), "png", f.toFile());
        byte[] rgb = ImageDecoder.decode(f, 8);
        assertEquals(100, rgb[0] & 0xff, "red of an opaque grey pixel");
        assertEquals(100, rgb[64 + 2] & 0xff, "green");
        assertEquals(0, rgb[7] & 0xff, "a transparent pixel on black");
    }

    @Test
    void adobeCmykJpegBecomesRgb() throws IOException {
        // a red CMYK JPEG as Photoshop writes it: Adobe APP14 marker, channels stored inverted
        WritableRaster raster = Raster.createInterleavedRaster(
                DataBuffer.TYPE_BYTE, 16, 16, 4, null);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                raster.setPixel(x, y, new int[] {255, 0, 0, 255});
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), null);
        }
        byte[] jpeg = bytes.toByteArray();
        byte[] app14 = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        byte[] file = new byte[jpeg.length + app14.length];
        System.arraycopy(jpeg, 0, file, 0, 2);
        System.arraycopy(app14, 0, file, 2, app14.length);
        System.arraycopy(jpeg, 2, file, 2 + app14.length, jpeg.length - 2);
        Path path = tmp.resolve("cmyk.jpg");
        Files.write(path, file);
        byte[] rgb = ImageDecoder.decode(path, 8);
        assertEquals(255, rgb[0] & 0xFF, 3);
        assertEquals(0, rgb[64] & 0xFF, 3);
        assertEquals(0, rgb[128] & 0xFF, 3);
    }

    @Test
    void imagenetteMiniLoadsWithItsValidationSplitAsRgb() {
        DatasetSplits s = Datasets.open(TestData.shared().resolve("imagenette-mini").toString(), new LoadOptions(32, 0.1, 0));
        assertEquals(700, s.train().size() + s.test().size() + s.skipped().size(), "every file is read or reported");
        assertTrue(s.train().size() >= 490 && s.test().size() >= 195, s.skipped().toString());
        assertEquals(10, s.train().classNames().size());
        assertEquals(32, s.train().height());
    }

    @Test
    void singleLabelledFolderIsSplitPerClassDeterministically() throws IOException {
        for (String cls : new String[] {"x", "y"}) {
            Path d = Files.createDirectories(tmp.resolve(cls));
            for (int i = 0; i < 10; i++) {
                BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                fill(img, new Color(i * 20, cls.equals("x") ? 0 : 255, 0));
                ImageIO.write(img, "png", d.resolve(i + ".png").toFile());
            }
        }
        DatasetSplits a = Datasets.open(tmp.toString(), new LoadOptions(8, 0.2, 1));
        DatasetSplits b = Datasets.open(tmp.toString(), new LoadOptions(8, 0.2, 1));
        assertEquals(16, a.train().size());
        assertEquals(4, a.test().size());
        assertEquals(Arrays.toString(a.test().labels()), Arrays.toString(b.test().labels()));
        assertEquals(a.test().value(0, 0, 0, 0), b.test().value(0, 0, 0, 0));
    }

    @Test
    void badInputGetsAMessageNamingIt() throws IOException {
        DatasetException missing = assertThrows(DatasetException.class, () -> Datasets.open("/no/such/folder", LoadOptions.defaults()));
        assertTrue(missing.getMessage().contains("/no/such/folder") && missing.getMessage().contains("no such"));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        DatasetException none = assertThrows(DatasetException.class, () -> Datasets.open(empty.toString(), LoadOptions.defaults()));
        assertTrue(none.getMessage().contains("no images"), none.getMessage());
        DatasetException unknown = assertThrows(DatasetException.class, () -> Datasets.open("sample:nothing", LoadOptions.defaults()));
        assertTrue(unknown.getMessage().contains("sample:nothing"));
    }

    private static void fill(BufferedImage img, Color c) {
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.dispose();
    }

    private static void writeIdx(Path images, Path labels, int n, boolean gz) throws IOException {
        try (DataOutputStream out = new DataOutputStream(stream(images, gz))) {
            out.writeInt(0x803);
            out.writeInt(n);
            out.writeInt(28);
            out.writeInt(28);
            for (int i = 0; i < n; i++) {
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        out.writeByte((i + y + x) % 256);
                    }
                }
            }
        }
        try (DataOutputStream out = new DataOutputStream(stream(labels, gz))) {
            out.writeInt(0x801);
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.writeByte(i % 10);
            }
        }
    }

    private static OutputStream stream(Path p, boolean gz) throws IOException {
        OutputStream os = Files.newOutputStream(p);
        return gz ? new GZIPOutputStream(os) : os;
    }
}
