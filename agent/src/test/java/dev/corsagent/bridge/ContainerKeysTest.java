package dev.corsagent.bridge;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.undertow.util.AbstractAttachable;
import io.undertow.util.AttachmentKey;
import org.junit.jupiter.api.Test;

class ContainerKeysTest {
    /** A key type of another "container": its own create(Class). */
    public static final class OtherKey {
        public static OtherKey create(Class<?> type) {
            return new OtherKey();
        }
    }

    @Test
    void oneKeyPerKeyTypeTheSameOnEveryCall() {
        Object key = ContainerKeys.attachmentKey(AttachmentKey.class);
        assertNotNull(key);
        assertSame(key, ContainerKeys.attachmentKey(AttachmentKey.class));
        Object other = ContainerKeys.attachmentKey(OtherKey.class);
        assertNotSame(key, other);
        assertSame(other, ContainerKeys.attachmentKey(OtherKey.class));
    }

    @Test
    void thePlanPutUnderTheKeyIsFoundUnderIt() {
        @SuppressWarnings("unchecked")
        AttachmentKey<Object> key = (AttachmentKey<Object>) ContainerKeys.attachmentKey(AttachmentKey.class);
        AbstractAttachable exchange = new AbstractAttachable() { }; // what HttpServerExchange extends
        exchange.putAttachment(key, "plan");
        @SuppressWarnings("unchecked")
        AttachmentKey<Object> again = (AttachmentKey<Object>) ContainerKeys.attachmentKey(AttachmentKey.class);
        assertSame("plan", exchange.getAttachment(again));
    }

    @Test
    void aTypeWithoutCreateGivesNoKeyAndNoException() {
        assertNull(ContainerKeys.attachmentKey(String.class));
    }
}
