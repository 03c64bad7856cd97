package org.mlmlab.finetuning;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** What an e-mail becomes: its subject and readable body, whatever MIME wraps them. */
class EmailTest {
    @Test
    void plainTextKeepsSubjectAndBodyButNotHeadersOrListTags() {
        String raw = """
                From: someone@example.org
                Received: from relay.example.org by mx.example.org
                Subject: Re: [ILUG] [zzzzteana] kernel   panic
                Content-Type: text/plain

                The patch fixes it.
                Thanks,  Bob
                """;
        assertEquals("Re: kernel panic . The patch fixes it. Thanks, Bob", Email.text(raw));
    }

    @Test
    void alternativesGiveTheTextOnceAndEncodingsAreDecoded() {
        String raw = """
                Subject: =?iso-8859-1?q?Caf=E9_offer?=
                MIME-Version: 1.0
                Content-Type: multipart/alternative; boundary="XX"

                --XX
                Content-Type: text/plain; charset=iso-8859-1
                Content-Transfer-Encoding: quoted-printable

                Cr=E8me br=FBl=E9e for all
                --XX
                Content-Type: text/html

                <p>Crème brûlée for all</p>
                --XX--
                """;
        assertEquals("Café offer . Crème brûlée for all", Email.text(raw));
    }

    @Test
    void htmlBecomesItsVisibleTextAndAttachmentsAreLeftOut() {
        String raw = """
                Subject: Deal
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="B"

                --B
                Content-Type: text/html; charset="DEFAULT"

                <html><head><style>p {color: red}</style></head><body><b>FREE</b> <a href="x">click</a><br>now</body></html>
                --B
                Content-Type: text/plain
                Content-Disposition: attachment; filename="list.txt"

                secret attachment text
                --B--
                """;
        assertEquals("Deal . FREE click now", Email.text(raw));
    }

    @Test
    void aMessageWithoutASubjectOrWithBrokenMimeIsStillText() {
        assertEquals("just a body", Email.text("X-Whatever: 1\n\njust a body\n"));
        String broken = "Subject: odd\nContent-Type: multipart/mixed; boundary=\"missing\"\n\nno parts here at all\n";
        assertTrue(Email.text(broken).contains("no parts here at all"), Email.text(broken));
    }
}
