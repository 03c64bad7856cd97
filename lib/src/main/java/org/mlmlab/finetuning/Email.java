package org.mlmlab.finetuning;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.jsoup.Jsoup;
import org.mlmlab.corpus.TextCleaner;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * What a reader sees of an e-mail: its subject, then the text of its body. The message is parsed
 * with Jakarta Mail (headers, MIME parts, quoted-printable and base64, character sets); an HTML
 * part becomes its visible text (jsoup); attachments and the routing headers are left out, so a
 * classifier learns from the words, not from which server relayed the message.
 */
public final class Email {
    /** The version of these rules: raise it with any change to what {@link #text} returns. */
    static final int RULES = 1;
    /** Enough text for the model's 128 tokens and more; the rest of a long message adds nothing it can read. */
    static final int MAX_CHARS = 4_000;
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Pattern LIST_TAGS = Pattern.compile("^((?:(?:re|fwd?|aw)\\s*:\\s*)*)(\\[[^\\]]{1,40}\\]\\s*)+", Pattern.CASE_INSENSITIVE);

    private Email() {
    }

    /** The subject and body text of a raw RFC 822 message, cleaned (one line, single spaces); "" when it holds no text. */
    public static String text(String raw) {
        try {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
            StringBuilder out = new StringBuilder();
            String subject = message.getSubject();
            if (subject != null) {
                // A mailing list's tag ("[IRR] ...") is the list software's, not the writer's: it would give ham away.
                subject = LIST_TAGS.matcher(subject).replaceFirst("$1").strip();   // "Re: [ILUG] x" -> "Re: x"
                if (!subject.isEmpty()) {
                    out.append(subject).append(" . ");
                }
            }
            appendText(message, out);
            String text = TextCleaner.cleanOne(out.toString());
            return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS);
        } catch (MessagingException | IOException | RuntimeException e) {
            // A message too broken to parse as MIME is still text: keep its body as it stands.
            int body = raw.indexOf("\n\n");
            String text = TextCleaner.cleanOne(body < 0 ? raw : raw.substring(body + 2));
            return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS);
        }
    }

    /** The readable text of a part: plain text as it is, HTML as its visible text; of alternatives, the first readable one. */
    private static void appendText(Part part, StringBuilder out) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            out.append(content(part)).append('\n');
        } else if (part.isMimeType("text/html")) {
            out.append(Jsoup.parse(content(part)).text()).append('\n');
        } else if (part.isMimeType("multipart/alternative")) {
            Multipart parts = (Multipart) part.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                int before = out.length();
                appendText(parts.getBodyPart(i), out);
                if (out.length() > before) {
                    return;   // the same message in another form would only repeat it
                }
            }
        } else if (part.isMimeType("multipart/*")) {
            Multipart parts = (Multipart) part.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart child = parts.getBodyPart(i);
                if (!Part.ATTACHMENT.equalsIgnoreCase(child.getDisposition())) {
                    appendText(child, out);
                }
            }
        } else if (part.isMimeType("message/rfc822") && part.getContent() instanceof Part inner) {
            appendText(inner, out);
        }
    }

    /** A text part's content as a string, whatever (or however wrongly) its character set is declared. */
    private static String content(Part part) throws MessagingException, IOException {
        try {
            Object content = part.getContent();
            if (content instanceof String s) {
                return s;
            }
        } catch (IOException | RuntimeException unknownCharset) {
            // e.g. charset="DEFAULT": read the decoded bytes as Latin-1 below
        }
        return new String(part.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
