package org.mlmlab.corpus;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.mlmlab.AtomicWrite;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The default corpus: the npm package nlp-corpus 4.4.0 (MIT licence), 100,000 English sentences
 * from news, encyclopedia prose, reviews, fiction, transcripts and more. It is fetched once with
 * the npm client, checked against its published SHA-512 integrity hash, and unpacked into
 * {@code data/nlp-corpus/sentences.txt}; after that no network is needed.
 * <p>
 * Some of its sentences hold profanity and slurs. By default the lab reads it classroom-safe: the
 * sentences with a word of the {@link ClassroomFilter}'s list are dropped, and the count is printed;
 * the corpus {@value #ALL} keeps every sentence.
 */
public final class NlpCorpusPackage {
    public static final String PACKAGE = "nlp-corpus@4.4.0";
    /** The corpus with every sentence, none dropped by the classroom filter. */
    public static final String ALL = "nlp-corpus-all";
    static final NpmPackage CORPUS = new NpmPackage(PACKAGE, "nlp-corpus-4.4.0.tgz",
            "sha512-1vOdUcAoOi1p85iZTC5SZWiIB1H3sDQxgyb4wTF0bZ9QgAVSJjl/Bck0lC5sG4quFgJ6Bz2K5mTaknhBlfEmvw==");
    private static final Pattern DOC = Pattern.compile("package/builds/doc-(\\d+)\\.json");

    private NlpCorpusPackage() {
    }

    /** Every sentence, fetching and unpacking them into {@code dataDir} the first time. */
    public static Corpus loadAll(Path dataDir) {
        Path sentences = dataDir.resolve("nlp-corpus").resolve("sentences.txt");
        if (!Files.isRegularFile(sentences)) {
            Path tarball = CORPUS.fetch(dataDir.resolve("downloads"));
            try {
                List<String> texts = unpack(tarball);
                AtomicWrite.writeString(sentences, String.join("\n", texts) + "\n");
            } catch (IOException e) {
                throw new CorpusException("Could not unpack " + tarball + ": " + e.getMessage()
                        + ". Delete it and run again to fetch a fresh copy.", e);
            }
        }
        return new Corpus(ALL, CorpusFiles.read(sentences).texts());
    }

    /** The classroom-safe corpus: every sentence without a word of the classroom list; says how many it dropped. */
    public static Corpus load(Path dataDir) {
        Corpus all = loadAll(dataDir);
        ClassroomFilter.Result safe = ClassroomFilter.load(dataDir).apply(all.texts());
        System.out.printf("Classroom-safe text: %,d of %,d sentences dropped for words of the LDNOOBW list (npm naughty-words, "
                + "CC-BY-4.0); MLM_LAB_CORPUS=%s keeps them.%n", safe.dropped(), all.size(), ALL);
        return new Corpus("nlp-corpus", safe.kept());
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
