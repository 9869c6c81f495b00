package org.contrastlab.core.io.torch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Bytes a pickle is read from, with its position and what is left, so that no length in the file is trusted. */
abstract class PickleInput {
    abstract long position();

    abstract long remaining();

    /** The next byte (0–255); the caller checks {@link #remaining()} first. */
    abstract int next() throws IOException;

    abstract void readFully(byte[] into) throws IOException;

    static PickleInput of(byte[] bytes) {
        return new PickleInput() {
            int at;

            @Override
            long position() {
                return at;
            }

            @Override
            long remaining() {
                return bytes.length - at;
            }

            @Override
            int next() {
                return bytes[at++] & 0xff;
            }

            @Override
            void readFully(byte[] into) {
                System.arraycopy(bytes, at, into, 0, into.length);
                at += into.length;
            }
        };
    }

    /** The file from {@code start} on, read through a 64 KB window. */
    static PickleInput of(FileChannel channel, long start) throws IOException {
        long size = channel.size();
        return new PickleInput() {
            final ByteBuffer window = ByteBuffer.allocate(1 << 16).flip();
            long windowStart = start;

            @Override
            long position() {
                return windowStart + window.position();
            }

            @Override
            long remaining() {
                return size - position();
            }

            @Override
            int next() throws IOException {
                if (!window.hasRemaining()) {
                    fill();
                }
                return window.get() & 0xff;
            }

            @Override
            void readFully(byte[] into) throws IOException {
                int done = 0;
                while (done < into.length) {
                    if (!window.hasRemaining()) {
                        fill();
                    }
                    int n = Math.min(window.remaining(), into.length - done);
                    window.get(into, done, n);
                    done += n;
                }
            }

            private void fill() throws IOException {
                windowStart = position();
                window.clear();
                int n = channel.read(window, windowStart);
                window.flip();
                if (n <= 0) {
                    throw new IOException("ends early");
                }
            }
        };
    }
}
