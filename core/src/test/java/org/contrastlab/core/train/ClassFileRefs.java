package org.contrastlab.core.train;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The methods a compiled class calls, read from its constant pool (JVMS §4.4). */
final class ClassFileRefs {
    /** A called method: its owner (internal name), name and descriptor. */
    record Ref(String owner, String name, String descriptor) {
        @Override
        public String toString() {
            return owner.replace('/', '.') + "." + name + descriptor;
        }
    }

    private ClassFileRefs() {
    }

    static List<Ref> methodsCalled(Path classFile) throws IOException {
        try (InputStream in = Files.newInputStream(classFile); DataInputStream d = new DataInputStream(in)) {
            if (d.readInt() != 0xCAFEBABE) {
                throw new IOException(classFile + " is not a class file");
            }
            d.readUnsignedShort();
            d.readUnsignedShort();
            int count = d.readUnsignedShort();
            Object[] pool = new Object[count];
            int[][] refs = new int[count][];
            int[] tags = new int[count];
            for (int i = 1; i < count; i++) {
                int tag = d.readUnsignedByte();
                tags[i] = tag;
                switch (tag) {
                    case 1 -> pool[i] = d.readUTF();
                    case 3, 4 -> d.readInt();
                    case 5, 6 -> {
                        d.readLong();
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> refs[i] = new int[] {d.readUnsignedShort()};
                    case 9, 10, 11, 12, 17, 18 -> refs[i] = new int[] {d.readUnsignedShort(), d.readUnsignedShort()};
                    case 15 -> {
                        d.readUnsignedByte();
                        refs[i] = new int[] {d.readUnsignedShort()};
                    }
                    default -> throw new IOException("constant pool tag " + tag + " in " + classFile);
                }
            }
            List<Ref> out = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                if (tags[i] == 10 || tags[i] == 11) {
                    String owner = (String) pool[refs[refs[i][0]][0]];
                    int[] nameAndType = refs[refs[i][1]];
                    out.add(new Ref(owner, (String) pool[nameAndType[0]], (String) pool[nameAndType[1]]));
                }
            }
            return out;
        }
    }
}
