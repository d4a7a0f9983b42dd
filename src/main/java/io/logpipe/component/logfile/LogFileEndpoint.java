package io.logpipe.component.logfile;

import io.logpipe.metrics.SinkMetrics;
import io.logpipe.template.EventTemplate;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** Options of a file sink; every setter here is a URI option documented in docs/sources.md or docs/sinks.md. */
public class LogFileEndpoint extends DefaultEndpoint {
    private final String pathTemplateText;
    private String template = "file";
    private int bufferSize = 64 * 1024;
    private int maxOpenFiles = 512;
    private boolean escapeControlCharacters = true;
    private String rotateSize;
    private int rotateKeep = 7;
    private boolean rotateCompress = true;
    private EventTemplate pathTemplate;
    private EventTemplate lineTemplate;
    private SinkMetrics metrics;

    LogFileEndpoint(String uri, LogFileComponent component, String path) {
        super(uri, component);
        this.pathTemplateText = path;
    }

    void compile() {
        if (pathTemplateText == null || pathTemplateText.isBlank())
            throw new IllegalArgumentException("logfile: needs a path, e.g. logfile:remote/${host}/${app}.log");
        if (pathTemplateText.startsWith("/"))
            throw new IllegalArgumentException(
                    "logfile: path '" + pathTemplateText + "' must be relative to logpipe.data.dir");
        pathTemplate = EventTemplate.compile(pathTemplateText);
        String text = EventTemplate.BUILTIN.get(template);
        if (text == null && template.contains("${")) text = template;
        if (text == null) text = ((LogFileComponent) getComponent()).namedTemplate(template);
        if (text == null)
            throw new IllegalArgumentException("logfile: unknown template '" + template
                    + "': use file, traditional, json, raw, an inline ${...} template, or define logpipe.template."
                    + template);
        lineTemplate = EventTemplate.compile(text);
        if (bufferSize < 4096) throw new IllegalArgumentException("logfile: bufferSize must be at least 4096");
        if (maxOpenFiles < 1) throw new IllegalArgumentException("logfile: maxOpenFiles must be at least 1");
        rotation(); // a bad rotateSize or rotateKeep is refused by validate and at start, not at the first line
        metrics = new SinkMetrics("logfile:" + pathTemplateText);
    }

    @Override
    public Producer createProducer() {
        LogFileComponent c = (LogFileComponent) getComponent();
        return new LogFileProducer(this, c.writer(bufferSize, maxOpenFiles), pathTemplate, lineTemplate, metrics);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("logfile: is a sink; use it in 'to'");
    }

    public String getTemplate() {
        return template;
    }

    public void setTemplate(String template) {
        this.template = template;
    }

    public int getBufferSize() {
        return bufferSize;
    }

    public void setBufferSize(int bufferSize) {
        this.bufferSize = bufferSize;
    }

    public boolean isEscapeControlCharacters() {
        return escapeControlCharacters;
    }

    public void setEscapeControlCharacters(boolean escape) {
        this.escapeControlCharacters = escape;
    }

    public int getMaxOpenFiles() {
        return maxOpenFiles;
    }

    public void setMaxOpenFiles(int maxOpenFiles) {
        this.maxOpenFiles = maxOpenFiles;
    }

    public String getRotateSize() {
        return rotateSize;
    }

    public void setRotateSize(String rotateSize) {
        this.rotateSize = rotateSize;
    }

    public int getRotateKeep() {
        return rotateKeep;
    }

    public void setRotateKeep(int rotateKeep) {
        this.rotateKeep = rotateKeep;
    }

    public boolean isRotateCompress() {
        return rotateCompress;
    }

    public void setRotateCompress(boolean rotateCompress) {
        this.rotateCompress = rotateCompress;
    }

    /** rotateSize, rotateKeep and rotateCompress; none unless rotateSize is set. */
    SizeRotation rotation() {
        if (rotateSize == null || rotateSize.isBlank()) return SizeRotation.NONE;
        return new SizeRotation(SizeRotation.parseSize(rotateSize), rotateKeep, rotateCompress);
    }
}
