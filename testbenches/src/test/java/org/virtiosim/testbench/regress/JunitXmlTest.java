package org.virtiosim.testbench.regress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The JUnit XML report: well-formed, one testcase per check, failures with their message, the same bytes for the same checks. */
class JunitXmlTest {
    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static JunitXml sample() {
        return new JunitXml("virtio-sim compare").add("linux-net-probe.mmio", "credits conserved", null)
                .add("linux-net-probe.aq", "completion timeouts", "1 completion timeouts")
                .add("linux-net-probe.aq", "mismatches", null);
    }

    @Test
    void oneTestcasePerCheckWithTheSuiteCounts() throws Exception {
        JunitXml x = sample();
        assertThat(x.failures()).isEqualTo(1);
        Document d = parse(x.text());
        Element suite = d.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("name")).isEqualTo("virtio-sim compare");
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("errors")).isEqualTo("0");
        assertThat(suite.getAttribute("skipped")).isEqualTo("0");
        NodeList cases = d.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(3);
        Element first = (Element) cases.item(0);
        assertThat(first.getAttribute("classname")).isEqualTo("linux-net-probe.mmio");
        assertThat(first.getAttribute("name")).isEqualTo("credits conserved");
        assertThat(first.getElementsByTagName("failure").getLength()).isZero();
        Element failed = (Element) cases.item(1);
        assertThat(failed.getAttribute("name")).isEqualTo("completion timeouts");
        NodeList failures = failed.getElementsByTagName("failure");
        assertThat(failures.getLength()).isEqualTo(1);
        assertThat(((Element) failures.item(0)).getAttribute("message")).isEqualTo("1 completion timeouts");
        assertThat(((Element) cases.item(2)).getElementsByTagName("failure").getLength()).isZero();
        assertThat(d.getElementsByTagName("failure").getLength()).isEqualTo(1);
    }

    @Test
    void anEmptySuiteIsStillWellFormed() throws Exception {
        Document d = parse(new JunitXml("empty").text());
        assertThat(d.getDocumentElement().getAttribute("tests")).isEqualTo("0");
        assertThat(d.getDocumentElement().getAttribute("failures")).isEqualTo("0");
        assertThat(d.getElementsByTagName("testcase").getLength()).isZero();
    }

    @Test
    void specialCharactersAreEscapedAndReadBackUnchanged() throws Exception {
        String nasty = "a<b>&c\"d' </testcase> &amp;";
        JunitXml x = new JunitXml("suite " + nasty).add("class " + nasty, "name " + nasty, "failure " + nasty);
        String text = x.text();
        assertThat(text).doesNotContain("</testcase> &amp;\"");
        Document d = parse(text);
        assertThat(d.getDocumentElement().getAttribute("name")).isEqualTo("suite " + nasty);
        Element c = (Element) d.getElementsByTagName("testcase").item(0);
        assertThat(c.getAttribute("classname")).isEqualTo("class " + nasty);
        assertThat(c.getAttribute("name")).isEqualTo("name " + nasty);
        assertThat(((Element) c.getElementsByTagName("failure").item(0)).getAttribute("message")).isEqualTo("failure " + nasty);
    }

    @Test
    void aMultiLineMessageKeepsItsLinesAndControlCharactersKeepTheFileWellFormed() throws Exception {
        JunitXml x = new JunitXml("s").add("c", "n", "line one\nline two\ttabbed\r\nend \u0001x");
        Document d = parse(x.text());
        Element c = (Element) d.getElementsByTagName("testcase").item(0);
        assertThat(((Element) c.getElementsByTagName("failure").item(0)).getAttribute("message"))
                .isEqualTo("line one\nline two\ttabbed\r\nend \uFFFDx");
    }

    @Test
    void controlCharactersAndLoneSurrogatesInNamesKeepTheFileWellFormed() throws Exception {
        String name = "sweep.t\u0000r\u001bace\ud800.csv\uffff.vfs=\ud83d\ude00";
        Document d = parse(new JunitXml("suite \u0007").add(name, "no mismatches", "bad \udc00").text());
        Element c = (Element) d.getElementsByTagName("testcase").item(0);
        assertThat(c.getAttribute("classname")).isEqualTo("sweep.t\uFFFDr\uFFFDace\uFFFD.csv\uFFFD.vfs=\ud83d\ude00");
        assertThat(((Element) c.getElementsByTagName("failure").item(0)).getAttribute("message")).isEqualTo("bad \uFFFD");
    }

    @Test
    void theSameChecksGiveTheSameBytesWithNoTimes() {
        String a = sample().text();
        assertThat(sample().text()).isEqualTo(a);
        assertThat(a).doesNotContain("time=").doesNotContain("timestamp");
        assertThat(a).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }

    @Test
    void writeLeavesTheWholeFileAndNoTemporary(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("junit.xml");
        Files.writeString(file, "old contents");
        JunitXml x = sample();
        x.write(file);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(x.text());
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("junit.xml");
        }
    }
}
