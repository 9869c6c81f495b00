package org.contrastlab.core.io.torch;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.contrastlab.core.io.torch.PickleValues.DataObject;
import org.contrastlab.core.io.torch.PickleValues.Global;
import org.contrastlab.core.io.torch.PickleValues.Tuple;

/**
 * A pickle machine for data (protocols 0 to 5, Python's {@code Lib/pickle.py} opcodes):
 * builds dicts, lists, tuples, strings, bytes and numbers, hands persistent ids to the
 * checkpoint's storage table, and resolves every other name through {@link PickleGlobals}'
 * allowlist. Instances by name ({@code INST}, {@code OBJ}), extension codes and out-of-band
 * buffers are refused. Every length in the stream is checked against the bytes that are left
 * before anything is allocated.
 */
final class Unpickler {
    /** Turns a persistent id (a tuple naming a storage) into a value. */
    interface PersistentLoader {
        Object load(Object pid) throws CheckpointException;
    }

    private static final int MAX_MEMO = 50_000_000;
    private static final Object MARK = new Object();

    private final PickleInput in;
    private final String where;
    private final PersistentLoader persistent;
    private final List<Object> stack = new ArrayList<>();
    private final Deque<List<Object>> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private Unpickler(PickleInput in, String where, PersistentLoader persistent) {
        this.in = in;
        this.where = where;
        this.persistent = persistent;
    }

    /** Reads one pickle up to its STOP; {@code where} names the file (and the record) in messages. */
    static Object load(PickleInput in, String where, PersistentLoader persistent) throws CheckpointException {
        try {
            return new Unpickler(in, where, persistent).run();
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(where + ": not a readable pickle (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    private Object run() throws IOException {
        while (true) {
            if (in.remaining() < 1) {
                throw fail("ends before the pickle's STOP (truncated)");
            }
            long at = in.position();
            int op = in.next();
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = u8();
                    if (proto > 5) {
                        throw fail("uses pickle protocol " + proto + "; protocols 0 to 5 are read");
                    }
                }
                case 0x95 -> bytes(8) /* FRAME: a length hint only */;
                case '.' -> { // STOP
                    if (stack.size() != 1 || !marks.isEmpty()) {
                        throw fail("stops with " + stack.size() + " values on the stack");
                    }
                    return stack.get(0);
                }
                case '(' -> { // MARK
                    marks.push(new ArrayList<>(stack));
                    stack.clear();
                }
                case '0' -> pop();
                case '1' -> popMark();
                case '2' -> push(peek());
                default -> {
                    if (!atom(op) && !container(op) && !reference(op, at)) {
                        throw fail(String.format("has an unknown opcode 0x%02x at byte %d", op, at));
                    }
                }
            }
        }
    }

    /** None, booleans, numbers, strings and bytes; false if {@code op} is none of them. */
    private boolean atom(int op) throws IOException {
        switch (op) {
            case 'N' -> push(null);
            case 0x88 -> push(Boolean.TRUE);
            case 0x89 -> push(Boolean.FALSE);
            case 'J' -> push((long) le(4).getInt());
            case 'K' -> push((long) u8());
            case 'M' -> push((long) (le(2).getShort() & 0xffff));
            case 0x8a -> push(longBytes(u8()));
            case 0x8b -> push(longBytes(length(le(4).getInt() & 0xffffffffL)));
            case 'G' -> push(ByteBuffer.wrap(bytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble());
            case 'I' -> push(textInt(line()));
            case 'L' -> push(textLong(line()));
            case 'F' -> push(Double.parseDouble(line()));
            case 'X' -> push(utf8(length(le(4).getInt() & 0xffffffffL)));
            case 0x8c -> push(utf8(u8()));
            case 0x8d -> push(utf8(length(le(8).getLong())));
            case 'V' -> push(rawUnicode(line()));
            case 'T' -> push(latin1(length(le(4).getInt())));
            case 'U' -> push(latin1(u8()));
            case 'S' -> push(quoted(line()));
            case 'B' -> push(bytes(length(le(4).getInt() & 0xffffffffL)));
            case 'C' -> push(bytes(u8()));
            case 0x8e -> push(bytes(length(le(8).getLong())));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Dicts, lists, tuples and sets, and what fills them. */
    private boolean container(int op) throws IOException {
        switch (op) {
            case '}' -> push(new LinkedHashMap<>());
            case ']' -> push(new ArrayList<>());
            case ')' -> push(new Tuple(List.of()));
            case 0x8f -> push(new ArrayList<>());
            case 'd' -> push(dict(popMark()));
            case 'l' -> push(new ArrayList<>(popMark()));
            case 't' -> push(new Tuple(new ArrayList<>(popMark())));
            case 0x91 -> push(new ArrayList<>(popMark()));
            case 0x85, 0x86, 0x87 -> tupleN(op - 0x84);
            case 'a' -> {
                Object v = pop();
                list(peek()).add(v);
            }
            case 'e', 0x90 -> {
                List<Object> items = popMark();
                list(peek()).addAll(items);
            }
            case 's' -> {
                Object v = pop();
                Object k = pop();
                map(peek()).put(key(k), v);
            }
            case 'u' -> {
                List<Object> items = popMark();
                map(peek()).putAll(dict(items));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The memo, names (through the allowlist), calls, object state and persistent ids; refusals of the rest. */
    private boolean reference(int op, long at) throws IOException {
        switch (op) {
            case 'p' -> memo.put(Long.parseLong(line().trim()), peek());
            case 'q' -> memoPut(u8());
            case 'r' -> memoPut(le(4).getInt() & 0xffffffffL);
            case 0x94 -> memoPut(memo.size());
            case 'g' -> push(memoGet(Long.parseLong(line().trim())));
            case 'h' -> push(memoGet(u8()));
            case 'j' -> push(memoGet(le(4).getInt() & 0xffffffffL));
            case 'c' -> push(PickleGlobals.resolve(line(), line(), where));
            case 0x93 -> {
                Object name = pop();
                Object module = pop();
                if (!(module instanceof String m && name instanceof String n)) {
                    throw fail("STACK_GLOBAL without two strings");
                }
                push(PickleGlobals.resolve(m, n, where));
            }
            case 'R' -> {
                Object args = pop();
                Object fn = pop();
                if (!(fn instanceof Global g) || !(args instanceof Tuple t)) {
                    throw fail("calls " + PickleGlobals.describe(fn) + ", which is not a known name");
                }
                push(PickleGlobals.call(g, t, where));
            }
            case 0x81, 0x92 -> {
                if (op == 0x92) {
                    pop(); // keyword arguments
                }
                pop(); // positional arguments: the allowed classes start empty
                Object cls = pop();
                if (!(cls instanceof Global g)) {
                    throw fail("makes an object of " + PickleGlobals.describe(cls));
                }
                push(PickleGlobals.newObject(g, where));
            }
            case 'b' -> {
                Object state = pop();
                PickleGlobals.build(peek(), state, where);
            }
            case 'Q' -> push(persistent.load(pop()));
            case 'P' -> push(persistent.load(line()));
            case 'i', 'o' -> throw fail("makes an object by class name (opcode " + (char) op + " at byte " + at + "); refusing the file");
            case 0x82, 0x83, 0x84 -> throw fail("uses the copyreg extension registry (byte " + at + "); refusing the file");
            case 0x96, 0x97, 0x98 -> throw fail("uses out-of-band buffers (byte " + at + ")");
            default -> {
                return false;
            }
        }
        return true;
    }

    private CheckpointException fail(String what) {
        return new CheckpointException(where + ": " + what);
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() throws CheckpointException {
        if (stack.isEmpty()) {
            throw fail("pops an empty stack");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() throws CheckpointException {
        if (stack.isEmpty()) {
            throw fail("reads an empty stack");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() throws CheckpointException {
        if (marks.isEmpty()) {
            throw fail("closes a MARK that was never opened");
        }
        List<Object> items = new ArrayList<>(stack);
        stack.clear();
        stack.addAll(marks.pop());
        return items;
    }

    private void tupleN(int n) throws CheckpointException {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            items[i] = pop();
        }
        push(new Tuple(Arrays.asList(items)));
    }

    private void memoPut(long index) throws CheckpointException {
        if (memo.size() >= MAX_MEMO) {
            throw fail("has more than " + MAX_MEMO + " memo entries");
        }
        memo.put(index, peek());
    }

    private Object memoGet(long index) throws CheckpointException {
        if (!memo.containsKey(index)) {
            throw fail("reads memo entry " + index + ", which was never stored");
        }
        return memo.get(index);
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) throws CheckpointException {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw fail("appends to " + PickleGlobals.describe(o) + ", which is not a list");
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> map(Object o) throws CheckpointException {
        if (o instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        if (o instanceof DataObject d) {
            return d.attributes();
        }
        throw fail("sets an item of " + PickleGlobals.describe(o) + ", which is not a dict");
    }

    private Map<Object, Object> dict(List<Object> items) throws CheckpointException {
        if (items.size() % 2 != 0) {
            throw fail("has a dict with an odd number of keys and values");
        }
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i += 2) {
            m.put(key(items.get(i)), items.get(i + 1));
        }
        return m;
    }

    /** Dict keys as Java values with equality: tuples become lists, bytes strings. */
    private Object key(Object k) {
        if (k instanceof Tuple t) {
            return t.items();
        }
        return k instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : k;
    }

    private int u8() throws IOException {
        need(1);
        return in.next();
    }

    private ByteBuffer le(int n) throws IOException {
        return ByteBuffer.wrap(bytes(n)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private int length(long n) throws CheckpointException {
        if (n < 0 || n > in.remaining() || n > Integer.MAX_VALUE - 16) {
            throw fail("declares " + n + " bytes where " + in.remaining() + " are left (a lying length or a truncated file)");
        }
        return (int) n;
    }

    private void need(long n) throws CheckpointException {
        if (in.remaining() < n) {
            throw fail("ends early (truncated)");
        }
    }

    private byte[] bytes(int n) throws IOException {
        need(n);
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    private String utf8(int n) throws IOException {
        return new String(bytes(n), StandardCharsets.UTF_8);
    }

    private String latin1(int n) throws IOException {
        return new String(bytes(length(n)), StandardCharsets.ISO_8859_1);
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = u8();
            if (c == '\n') {
                return sb.toString();
            }
            if (sb.length() > 10_000) {
                throw fail("has a text line longer than 10,000 bytes");
            }
            sb.append((char) c);
        }
    }

    private Object longBytes(int n) throws IOException {
        if (n == 0) {
            return 0L;
        }
        byte[] le = bytes(n);
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = le[n - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private static Object textInt(String s) {
        return switch (s) {
            case "00" -> Boolean.FALSE;
            case "01" -> Boolean.TRUE;
            default -> textLong(s);
        };
    }

    private static Object textLong(String s) {
        BigInteger v = new BigInteger(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private static String rawUnicode(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 5 < s.length() + 0 && s.charAt(i + 1) == 'u') {
                sb.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private String quoted(String s) throws CheckpointException {
        if (s.length() < 2 || s.charAt(0) != s.charAt(s.length() - 1) || (s.charAt(0) != '\'' && s.charAt(0) != '"')) {
            throw fail("has a STRING that is not quoted");
        }
        return s.substring(1, s.length() - 1);
    }
}
