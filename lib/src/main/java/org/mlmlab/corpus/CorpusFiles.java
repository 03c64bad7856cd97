package org.mlmlab.corpus;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import org.mlmlab.FileError;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Reads texts from a local file, choosing the format by extension:
 * <ul>
 *   <li>{@code .txt} (or anything else): one text a line;</li>
 *   <li>{@code .jsonl}: one JSON object a line, the text in a field ({@code "text"} by default);</li>
 *   <li>{@code .csv}: a header row, the text in a column ({@code text} by default).</li>
 * </ul>
 * Files must be UTF-8: other encodings fail with the line of the first bad byte, instead of
 * silently turning into replacement characters that the tokenizer would learn.
 */
public final class CorpusFiles {
    public static final String DEFAULT_FIELD = "text";

    private CorpusFiles() {
    }

    public static Corpus read(Path file) {
        return read(file, DEFAULT_FIELD);
    }

    /** Reads {@code file}; {@code field} names the JSONL field or CSV column that holds the text. */
    public static Corpus read(Path file, String field) {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new CorpusException("Corpus file " + file + " is not a regular file (a folder, a device or a link to one). "
                    + "Give a .txt, .jsonl or .csv file, or wikitext:DIR for a WikiText folder.");
        }
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        List<String> texts;
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            texts = jsonLines(file, readLines(file), field);
        } else if (lower.endsWith(".csv")) {
            texts = csv(file, readUtf8(file), field);
        } else {
            texts = readLines(file);
        }
        if (texts.stream().allMatch(String::isBlank)) {
            throw new CorpusException("Corpus file " + file + " has no text" + (texts.isEmpty() ? " (it is empty)" : "")
                    + ". Give a file with one sentence or paragraph a line (or JSONL/CSV with a '" + field + "' field).");
        }
        return new Corpus(name, texts);
    }

    /** The whole file as UTF-8 text; a clear error for a missing file or bytes that are not UTF-8. */
    public static String readUtf8(Path file) {
        byte[] bytes = readBytes(file);
        int bom = bom(bytes);
        return decode(file, bytes, bom, bytes.length);
    }

    /**
     * The file's lines as UTF-8 text, split where {@link String#lines} splits (at \n, \r\n or \r).
     * Each line is decoded on its own and in parallel: an ASCII line, nearly every line of an
     * English corpus, is copied as it is, and only the others go through UTF-8 decoding.
     */
    public static List<String> readLines(Path file) {
        byte[] bytes = readBytes(file);
        IntArrayList bounds = new IntArrayList();   // start, end, start, end, ...
        int start = bom(bytes);
        for (int i = start; i < bytes.length; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r') {
                bounds.add(start);
                bounds.add(i);
                if (bytes[i] == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            bounds.add(start);
            bounds.add(bytes.length);
        }
        return IntStream.range(0, bounds.size() / 2).parallel()
                .mapToObj(line -> decode(file, bytes, bounds.getInt(2 * line), bounds.getInt(2 * line + 1)))
                .toList();
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CorpusException("Corpus file not found: " + file.toAbsolutePath()
                    + ". Check the path, or use a built-in corpus (nlp-corpus, toy).");
        } catch (IOException e) {
            throw new CorpusException(FileError.cannotRead(file, e), e);
        }
    }

    /** The length of a UTF-8 byte order mark at the start, if there is one. */
    private static int bom(byte[] bytes) {
        return bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
    }

    /**
     * Bytes {@code from..to} as UTF-8. Java's decoder turns bad bytes into U+FFFD silently, so a
     * decoded text with U+FFFD in it is checked again strictly (a real U+FFFD in the file passes).
     */
    private static String decode(Path file, byte[] bytes, int from, int to) {
        String text = new String(bytes, from, to - from, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0) {
            if (firstBadByte(bytes, from, to) < to) {
                int bad = firstBadByte(bytes, bom(bytes), bytes.length);   // lines decode in parallel: name the file's first
                throw new CorpusException("Corpus file " + file + " is not UTF-8 text: byte " + bad + " (line "
                        + lineOf(bytes, bad) + ") is not valid UTF-8. Convert it first, e.g. iconv -f latin1 -t utf-8 "
                        + file.getFileName() + " > fixed.txt");
            }
        }
        return text;
    }

    private static List<String> jsonLines(Path file, List<String> lines, String field) {
        List<String> texts = new ArrayList<>();
        int lineNo = 0;
        for (String line : lines) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonElement value = JsonParser.parseString(line).getAsJsonObject().get(field);
                if (value == null || !value.isJsonPrimitive()) {
                    throw new CorpusException(file + " line " + lineNo + " has no text field '" + field
                            + "'. Name the field that holds the text (--text-field).");
                }
                texts.add(value.getAsString());
            } catch (JsonParseException | IllegalStateException e) {
                throw new CorpusException(file + " line " + lineNo + " is not a JSON object: " + e.getMessage(), e);
            }
        }
        return texts;
    }

    private static List<String> csv(Path file, String content, String column) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
        try (CSVParser parser = CSVParser.parse(new StringReader(content), format)) {
            if (!parser.getHeaderMap().containsKey(column)) {
                throw new CorpusException(file + " has no column '" + column + "' (columns: "
                        + String.join(", ", parser.getHeaderNames()) + "). Name the text column (--text-field).");
            }
            List<String> texts = new ArrayList<>();
            for (CSVRecord record : parser) {
                texts.add(record.get(column));
            }
            return texts;
        } catch (IOException | IllegalStateException | IllegalArgumentException | java.io.UncheckedIOException e) {
            // commons-csv reports a broken record while iterating, as an UncheckedIOException around its CSVException.
            String reason = e instanceof java.io.UncheckedIOException && e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw new CorpusException(file + " is not a readable CSV file: " + reason + ". A field that opens a quote (\") "
                    + "must close it, and a quote inside a quoted field is written twice (\"\").", e);
        }
    }

    /** The offset of the first byte in {@code from..to} that is not valid UTF-8; {@code to} if there is none. */
    private static int firstBadByte(byte[] bytes, int from, int to) {
        ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
        CoderResult result = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(in, CharBuffer.allocate(to - from), true);
        return result.isError() ? in.position() : to;
    }

    private static int lineOf(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
