package org.mlmlab.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class KernelspecCommandTest {

    @Test
    void rapaioSpecPutsTheLibraryOnTheClasspath(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("rapaio.jar"));
        int rc = new CommandLine(new KernelspecCommand()).execute("--kernel", "rapaio", "--rapaio-jar", jar.toString(),
                "--classpath", "/x/a.jar", "--classpath", "/x/b.jar", "--home", "/proj", "--heap", "700m", "--out", dir.toString());
        assertEquals(0, rc);
        JsonObject spec = JsonParser.parseString(Files.readString(dir.resolve("kernel.json"))).getAsJsonObject();
        assertEquals("Java (mlm-lab)", spec.get("display_name").getAsString());
        assertEquals("/x/a.jar;/x/b.jar", spec.getAsJsonObject("env").get("RJK_CLASSPATH").getAsString());
        assertEquals("/proj", spec.getAsJsonObject("env").get("MLM_LAB_HOME").getAsString());
        String argv = spec.getAsJsonArray("argv").toString();
        assertTrue(argv.contains("-Xmx700m"));
        assertTrue(argv.contains("-Dai.djl.offline=true"));
        assertTrue(argv.endsWith("\"{connection_file}\"]"));
    }

    @Test
    void jjavaSpecExtendsTheInstalledOne(@TempDir Path dir) throws Exception {
        Path jjava = Files.createDirectories(dir.resolve("java"));
        Files.writeString(jjava.resolve("kernel.json"),
                "{\"argv\":[\"java\",\"-jar\",\"/k/jjava.jar\",\"{connection_file}\"],\"display_name\":\"Java\",\"language\":\"java\","
                        + "\"env\":{\"JJAVA_JVM_OPTS\":\"-Dx=1\"}}");
        Path out = dir.resolve("out");
        int rc = new CommandLine(new KernelspecCommand()).execute("--kernel", "jjava", "--jjava-spec", jjava.toString(),
                "--classpath", "/x/a.jar", "--home", "/proj", "--out", out.toString());
        assertEquals(0, rc);
        JsonObject spec = JsonParser.parseString(Files.readString(out.resolve("kernel.json"))).getAsJsonObject();
        JsonObject env = spec.getAsJsonObject("env");
        assertEquals("/x/a.jar", env.get("JJAVA_CLASSPATH").getAsString());
        assertTrue(env.get("JJAVA_JVM_OPTS").getAsString().startsWith("-Dx=1 -Xmx1g"));
        assertEquals("/k/jjava.jar", spec.getAsJsonArray("argv").get(2).getAsString());
        assertEquals("Java (mlm-lab)", spec.get("display_name").getAsString());
    }

    @Test
    void aMissingJJavaIsAClearError(@TempDir Path dir) {
        int rc = new CommandLine(new KernelspecCommand()).execute("--kernel", "jjava", "--jjava-spec", dir.resolve("none").toString(),
                "--classpath", "/x/a.jar", "--home", "/proj", "--out", dir.toString());
        assertNotEquals(0, rc);
    }
}
