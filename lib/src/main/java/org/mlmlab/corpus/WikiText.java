package org.mlmlab.corpus;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * WikiText-2 and WikiText-103 (raw), the Wikipedia corpora the seed notebook trained on.
 * Online, the zip is downloaded once; its SHA-256 is recorded beside it on first download and
 * checked on every later use. Offline, it fails fast and names the local alternative: a folder
 * holding the dataset's {@code wiki.train.raw} and {@code wiki.valid.raw}.
 * <p>
 * Lines are paragraphs; headings ({@code = = Title = =}) are dropped, the dataset's tokenised
 * punctuation ({@code 1 @,@ 000}, {@code well @-@ known}) is joined back, and paragraphs are split
 * into sentences.
 */
public final class WikiText {
    /** Where the raw zips are served; overridable for mirrors with MLM_LAB_WIKITEXT_URL. */
    static final String DEFAULT_BASE_URL = "https://wikitext.smerity.com/";

    private WikiText() {
    }

    /** {@code variant} is "2" or "103". */
    public static Corpus load(String variant, Path dataDir) {
        if (!variant.equals("2") && !variant.equals("103")) {
            throw new IllegalArgumentException("WikiText comes as wikitext-2 or wikitext-103, not wikitext-" + variant);
        }
        String name = "wikitext-" + variant + "-raw-v1";
        Path dir = dataDir.resolve(name);
        if (!Files.isRegularFile(dir.resolve("wiki.train.raw"))) {
            download(name, dataDir.resolve("downloads"), dir);
        }
        return fromDirectory(dir);
    }

    /** A local copy: a folder with {@code wiki.train.raw} (and {@code wiki.valid.raw} if present). */
    public static Corpus fromDirectory(Path dir) {
        List<String> paragraphs = new ArrayList<>();
        for (String split : List.of("wiki.train.raw", "wiki.valid.raw")) {
            Path file = dir.resolve(split);
            if (Files.isRegularFile(file)) {
                paragraphs.addAll(paragraphs(CorpusFiles.readUtf8(file)));
            } else if (split.equals("wiki.train.raw")) {
                throw new CorpusException("No wiki.train.raw in " + dir + ". Unzip wikitext-2-raw-v1.zip (or 103) there.");
            }
        }
        return new Corpus(dir.getFileName().toString(), SentenceSplitter.split(paragraphs));
    }

    /** Paragraph lines without headings, with the dataset's " @x@ " tokenisation undone. */
    static List<String> paragraphs(String raw) {
        List<String> out = new ArrayList<>();
        for (String line : raw.lines().toList()) {
            String text = line.strip();
            if (text.isEmpty() || (text.startsWith("=") && text.endsWith("="))) {
                continue;
            }
            out.add(text.replace(" @-@ ", "-").replace(" @,@ ", ",").replace(" @.@ ", "."));
        }
        return out;
    }

    private static void download(String name, Path downloads, Path target) {
        String base = System.getenv().getOrDefault("MLM_LAB_WIKITEXT_URL", DEFAULT_BASE_URL);
        URI uri = URI.create(base + name + ".zip");
        Path zip = downloads.resolve(name + ".zip");
        try {
            Files.createDirectories(downloads);
            if (!Files.isRegularFile(zip)) {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                        .followRedirects(HttpClient.Redirect.NORMAL).build();
                Path part = downloads.resolve(name + ".zip.part");
                HttpResponse<Path> response = http.send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofFile(part));
                if (response.statusCode() != 200) {
                    Files.deleteIfExists(part);
                    throw new IOException("HTTP " + response.statusCode());
                }
                Files.move(part, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            verify(zip);
            unzipRawFiles(zip, target);
        } catch (IOException e) {
            throw new CorpusException("Could not download " + uri + " (" + e.getMessage() + "). WikiText needs the internet "
                    + "once. Offline, unzip a copy of " + name + ".zip and use its folder (the one with wiki.train.raw) "
                    + "as the corpus, e.g. --input wikitext:/path/to/" + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CorpusException("Interrupted while downloading " + uri, e);
        }
    }

    /** Records the zip's SHA-256 the first time; afterwards a changed zip is refused. */
    private static void verify(Path zip) throws IOException {
        Path recorded = zip.resolveSibling(zip.getFileName() + ".sha256");
        String actual = sha256(zip);
        if (Files.isRegularFile(recorded)) {
            String expected = Files.readString(recorded).strip();
            if (!expected.equals(actual)) {
                throw new IOException(zip + " has SHA-256 " + actual + " but " + expected + " was recorded when it was "
                        + "first downloaded; delete both files to download again");
            }
        } else {
            Files.writeString(recorded, actual + "\n");
        }
    }

    private static String sha256(Path file) throws IOException {
        return HexFormat.of().formatHex(FileDigest.of(file, "SHA-256"));
    }

    private static void unzipRawFiles(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                String file = Path.of(entry.getName()).getFileName().toString();
                if (!entry.isDirectory() && file.endsWith(".raw")) {
                    Path part = target.resolve(file + ".part");
                    Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(part, target.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        }
    }
}
