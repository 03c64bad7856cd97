package org.mlmlab.corpus;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.mlmlab.FileError;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
        String content = readUtf8(file);
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        List<String> texts;
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            texts = jsonLines(file, content, field);
        } else if (lower.endsWith(".csv")) {
            texts = csv(file, content, field);
        } else {
            texts = content.lines().toList();
        }
        if (texts.stream().allMatch(String::isBlank)) {
            throw new CorpusException("Corpus file " + file + " has no text" + (content.isEmpty() ? " (it is empty)" : "")
                    + ". Give a file with one sentence or paragraph a line (or JSONL/CSV with a '" + field + "' field).");
        }
        return new Corpus(name, texts);
    }

    /** The whole file as UTF-8 text; a clear error for a missing file or bytes that are not UTF-8. */
    public static String readUtf8(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CorpusException("Corpus file not found: " + file.toAbsolutePath()
                    + ". Check the path, or use a built-in corpus (nlp-corpus, toy).");
        } catch (IOException e) {
            throw new CorpusException(FileError.cannotRead(file, e), e);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            String text = decoder.decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            int bad = firstBadByte(bytes);
            throw new CorpusException("Corpus file " + file + " is not UTF-8 text: byte " + bad + " (line "
                    + lineOf(bytes, bad) + ") is not valid UTF-8. Convert it first, e.g. iconv -f latin1 -t utf-8 "
                    + file.getFileName() + " > fixed.txt", e);
        }
    }

    private static List<String> jsonLines(Path file, String content, String field) {
        List<String> texts = new ArrayList<>();
        int lineNo = 0;
        for (String line : content.lines().toList()) {
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

    /** The offset of the first byte that is not valid UTF-8. */
    private static int firstBadByte(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult result = StandardCharsets.UTF_8.newDecoder()
                .decode(in, CharBuffer.allocate(bytes.length), true);
        return result.isError() ? in.position() : bytes.length;
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
