import { createMemoryCodeStore } from "../../../src/stores/authorization/memory-code-store.js";
import { createMemoryConsentLog } from "../../../src/stores/authorization/memory-consent-log.js";
import { createMemoryPendingSessions } from "../../../src/stores/authorization/memory-pending-sessions.js";
import { createMemorySessionStore } from "../../../src/stores/authorization/memory-session-store.js";
import { createMemoryTokenStore, createTokenSlots } from "../../../src/stores/authorization/memory-token-store.js";
import { codeStoreContract } from "./code-store.contract.js";
import { consentLogContract } from "./consent-log.contract.js";
import { pendingSessionsContract } from "./pending-sessions.contract.js";
import { sessionStoreContract } from "./session-store.contract.js";
import { tokenStoreContract } from "./token-store.contract.js";

sessionStoreContract("memory", () => createMemorySessionStore());
codeStoreContract("memory", () => {
  const slots = createTokenSlots();
  return { codes: createMemoryCodeStore(slots), tokens: createMemoryTokenStore(slots) };
});
tokenStoreContract("memory", () => createMemoryTokenStore());
consentLogContract("memory", () => createMemoryConsentLog());
pendingSessionsContract("memory", () => createMemoryPendingSessions());
