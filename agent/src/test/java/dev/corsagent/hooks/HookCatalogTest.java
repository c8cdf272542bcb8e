package dev.corsagent.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The catalog is the one place a hook is declared: what the rest derives from it holds. */
class HookCatalogTest {
    @Test
    void theInstallStartsWithTheFirstClassOfAHookedContainerFamily() {
        assertEquals(new HashSet<String>(Arrays.asList("org/apache/catalina/", "org/apache/coyote/", "org/eclipse/jetty/",
                "io/undertow/", "com/ibm/ws/webcontainer/", "javax/servlet/", "jakarta/servlet/")), new HashSet<String>(HookCatalog.installTriggers()));
        assertTrue(HookCatalog.startsInstall("org/apache/catalina/startup/Tomcat"));
        assertTrue(HookCatalog.startsInstall("jakarta/servlet/Filter"));
        assertFalse(HookCatalog.startsInstall("org/apache/commons/Lang"));
        assertFalse(HookCatalog.startsInstall("javax/net/ssl/SSLContext"));
    }

    @Test
    void everyClassHookedByNameReachesTheHooksAndNothingElseOfItsPackageDoes() {
        for (HookSpec spec : HookCatalog.ALL) {
            if (spec.target != null) {
                String internal = spec.target.replace('.', '/');
                assertTrue(HookCatalog.mayBeHooked(internal), spec.label);
                assertFalse(HookCatalog.mayBeHooked(internal + "Helper"), spec.label);
                assertTrue(HookCatalog.startsInstall(internal), spec.label + " starts the install itself");
            }
        }
    }

    @Test
    void everyEntryHookHasACommitPartnerOfItsOwnFamilyAndLabelsAreUnique() {
        Set<String> labels = new HashSet<String>();
        for (HookSpec spec : HookCatalog.ALL) {
            assertTrue(labels.add(spec.label), "label used twice: " + spec.label);
            if (spec.partner != null) {
                assertTrue(HookCatalog.ALL.contains(spec.partner), spec.label);
                assertEquals(spec.marker, spec.partner.marker, spec.label + ": entry and commit of one version");
                assertEquals(spec.markerPresent, spec.partner.markerPresent, spec.label);
                assertEquals(null, spec.partner.partner, spec.label + ": a commit hook has no partner");
            }
        }
        assertEquals(HookCatalog.TOMCAT_COMMIT, HookCatalog.TOMCAT_ENTRY.partner);
        assertEquals(HookCatalog.JETTY10_COMMIT, HookCatalog.JETTY10_ENTRY.partner);
    }

    @Test
    void theJakartaChainAdviceIsTheJavaxOneOnTheJakartaApi() throws Exception {
        LinkCheck check = new LinkCheck(HookCatalogTest.class.getClassLoader());
        LinkCheck.References javax = check.referencesOf(HookCatalog.JAVAX_CHAIN.advice);
        LinkCheck.References jakarta = check.referencesOf(HookCatalog.JAKARTA_CHAIN.advice);
        assertNotNull(jakarta);
        Set<String> mapped = new HashSet<String>();
        for (String type : javax.types) {
            mapped.add(type.replace("javax/servlet/", "jakarta/servlet/").replace("JavaxFilterChainAdvice", "JakartaFilterChainAdvice"));
        }
        assertEquals(mapped, new HashSet<String>(jakarta.types));
        for (String type : jakarta.types) {
            assertFalse(type.startsWith("javax/"), type);
        }
        assertEquals(javax.methods.size(), jakarta.methods.size());
    }
}
