package io.day2ops.console.pages;

import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateLocator;
import io.quarkus.qute.ValueResolvers;
import io.quarkus.qute.Variant;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The console's Qute templates ({@code templates/*.html} on the classpath; {@code layout} is the frame every page
 * includes). Everything inserted is HTML-escaped, as Quarkus' own Qute does: event text is text. Only the server-drawn
 * SVG charts go in raw ({@code .raw}), and they escape their own labels.
 */
public final class Templates {

    private static final Variant HTML = Variant.forContentType(Variant.TEXT_HTML);
    private static final Engine ENGINE = Engine.builder()
            .addDefaults()
            .addValueResolver(ValueResolvers.rawResolver())
            .addValueResolver(new ReflectionValueResolver())
            .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML)))
            .addLocator(new Classpath())
            .build();

    private Templates() {}

    /** The template {@code templates/<id>.html}. */
    public static Template get(String id) {
        Template template = ENGINE.getTemplate(id);
        if (template == null) {
            throw new IllegalStateException("templates/" + id + ".html is not on the classpath");
        }
        return template;
    }

    private static final class Classpath implements TemplateLocator {
        @Override
        public Optional<TemplateLocation> locate(String id) {
            String path = "templates/" + id + ".html";
            String text;
            try (InputStream in = Templates.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    return Optional.empty();
                }
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Optional.of(new TemplateLocation() {
                @Override
                public Reader read() {
                    return new StringReader(text);
                }

                @Override
                public Optional<Variant> getVariant() {
                    return Optional.of(HTML);
                }
            });
        }
    }
}
