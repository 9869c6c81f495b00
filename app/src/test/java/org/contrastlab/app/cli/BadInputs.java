package org.contrastlab.app.cli;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.contrastlab.core.augment.RecipeFiles;
import org.contrastlab.core.augment.ViewRecipes;

/** Makes the files of the bad-input corpus ({@link BadInputCorpusTest}): small, by code, from a fixed seed. */
final class BadInputs {
    private BadInputs() {
    }

    /** {@code classes} folders of {@code perClass} 32 px PNGs: a square of the class's colour on noise. */
    static Path labelledFolder(Path dir, int classes, int perClass) throws IOException {
        Random r = new Random(7);
        for (int c = 0; c < classes; c++) {
            Path cd = Files.createDirectories(dir.resolve("class" + c));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        boolean inside = x > 8 && x < 24 && y > 8 && y < 24;
                        img.setRGB(x, y, inside ? (c == 0 ? 0xd03020 : 0x2040d0) : r.nextInt(0x808080));
                    }
                }
                ImageIO.write(img, "png", cd.resolve("img" + i + ".png").toFile());
            }
        }
        return dir;
    }

    /** A valid 4×4 PNG whose header then says {@code w}×{@code h} (its checksum made right again). */
    static Path pngDeclaring(Path file, int w, int h) throws IOException {
        byte[] png = encode(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png");
        ByteBuffer b = ByteBuffer.wrap(png); // signature (8), IHDR length (4), "IHDR" (4), width, height …
        b.putInt(16, w).putInt(20, h);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        b.putInt(29, (int) crc.getValue());
        return Files.write(file, png);
    }

    /** A valid 16×16 JPEG whose frame header then says {@code w}×{@code h}. */
    static Path jpegDeclaring(Path file, int w, int h) throws IOException {
        byte[] jpg = encode(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "jpg");
        for (int i = 2; i + 8 < jpg.length; i++) {
            if ((jpg[i] & 0xff) == 0xff && (jpg[i + 1] & 0xff) == 0xc0) { // SOF0: length, precision, height, width
                ByteBuffer.wrap(jpg).putShort(i + 5, (short) h).putShort(i + 7, (short) w);
                return Files.write(file, jpg);
            }
        }
        throw new IllegalStateException("no SOF0 marker");
    }

    /** The first half of a 64×64 JPEG of noise. */
    static Path truncatedJpeg(Path file) throws IOException {
        Random r = new Random(3);
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, r.nextInt(0x1000000));
            }
        }
        byte[] jpg = encode(img, "jpg");
        return Files.write(file, Arrays.copyOf(jpg, jpg.length / 2));
    }

    /** An MNIST-style folder whose image file's header declares {@code n} images of h×w but holds 30 bytes. */
    static Path idxDeclaring(Path dir, int n, int h, int w) throws IOException {
        Files.createDirectories(dir);
        Path images = dir.resolve("train-images-idx3-ubyte");
        Files.write(images, ByteBuffer.allocate(46).putInt(2051).putInt(n).putInt(h).putInt(w).array());
        Files.write(dir.resolve("train-labels-idx1-ubyte"), ByteBuffer.allocate(8).putInt(2049).putInt(n).array());
        return images;
    }

    /** A gzipped MNIST-style folder of 10 images whose image file's gzip trailer (CRC) is damaged. */
    static Path corruptGzipIdx(Path dir) throws IOException {
        Files.createDirectories(dir);
        ByteArrayOutputStream images = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(images);
        out.writeInt(2051);
        out.writeInt(10);
        out.writeInt(28);
        out.writeInt(28);
        out.write(new byte[10 * 28 * 28]);
        byte[] gz = gzip(images.toByteArray());
        gz[gz.length - 6] ^= 0x5a; // inside the CRC-32 of the trailer: only a reader that reads to the end sees it
        Path file = Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gz);
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        DataOutputStream lo = new DataOutputStream(labels);
        lo.writeInt(2049);
        lo.writeInt(10);
        lo.write(new byte[10]);
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(labels.toByteArray()));
        return file;
    }

    /** A .npy file of float32 whose header declares {@code shape} and holds no data. */
    static Path npyDeclaring(Path file, String shape) throws IOException {
        return Files.write(file, npy("{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }", new byte[0]));
    }

    /** An 8×4 float32 matrix with a NaN in row 3. */
    static Path npyWithNaN(Path file) throws IOException {
        float[] v = new float[32];
        Arrays.fill(v, 0.5f);
        v[13] = Float.NaN;
        return Files.write(file, npy("{'descr': '<f4', 'fortran_order': False, 'shape': (8, 4), }", floats(v)));
    }

    static Path npyOk(Path file, int n, int d) throws IOException {
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i * 37 % 11) / 11f;
        }
        return Files.write(file, npy("{'descr': '<f4', 'fortran_order': False, 'shape': (" + n + ", " + d + "), }", floats(v)));
    }

    /** SimCLR's CIFAR recipe as YAML with its brightness line replaced by {@code line}. */
    static Path recipe(Path file, String line) throws IOException {
        String yaml = RecipeFiles.toYaml(ViewRecipes.byName("simclr-cifar"));
        return Files.writeString(file, yaml.replace("brightness: 0.4", line.replace("\n    ", "\n  ")));
    }

    /** A copy of a run; {@code legacy}: without manifests, as written before they existed. */
    static Path copyRun(Path from, Path to, boolean legacy) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!(legacy && p.getFileName().toString().equals("manifest.json"))) {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    static void truncate(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(b, b.length / 2));
    }

    private static byte[] npy(String dict, byte[] data) {
        StringBuilder header = new StringBuilder(dict);
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.toString().getBytes(StandardCharsets.US_ASCII)).put(data);
        return b.array();
    }

    private static byte[] floats(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }

    private static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }
}
