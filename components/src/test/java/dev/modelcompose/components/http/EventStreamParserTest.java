package dev.modelcompose.components.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventStreamParserTest {
    private final List<String> events = new ArrayList<>();
    private final EventStreamParser parser = new EventStreamParser(events::add);

    private void feed(String... pieces) {
        for (String piece : pieces) {
            parser.feed(piece.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void eventsEndAtABlankLineAndDataLinesAreJoinedWithNewlines() {
        feed("data: a\ndata: b\n\ndata: c\n\n");
        assertThat(events).containsExactly("a\nb", "c");
    }

    @Test
    void commentsOtherFieldsAndEventsWithoutDataGiveNothing() {
        feed(": keep-alive\n\nevent: ping\nid: 7\nretry: 100\n\nevent: msg\ndata: x\n\n");
        assertThat(events).containsExactly("x");
    }

    @Test
    void onlyOneSpaceAfterTheColonIsRemoved() {
        feed("data:tight\n\ndata:  two spaces\n\ndata\n\n");
        assertThat(events).containsExactly("tight", " two spaces", "");
    }

    @Test
    void piecesSplitAnywhereIncludingInsideCrLfAndUtf8() {
        byte[] all = "data: héllo ✓\r\n\r\ndata: 2\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < all.length; i++) {
            parser.feed(Arrays.copyOfRange(all, i, i + 1));
        }
        assertThat(events).containsExactly("héllo ✓", "2");
    }

    @Test
    void nothingIsDeliveredBeforeTheBlankLineButAnUnterminatedLastEventIsDeliveredAtTheEnd() {
        feed("data: first\n\ndata: last");
        assertThat(events).containsExactly("first");
        parser.finish();
        assertThat(events).containsExactly("first", "last");
    }

    @Test
    void bareCarriageReturnsEndLinesToo() {
        feed("data: a\r\rdata: b\r\r");
        assertThat(events).containsExactly("a", "b");
    }
}
