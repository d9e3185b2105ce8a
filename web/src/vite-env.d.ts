// Vite's types for the page: `?url` imports, `new URL(…, import.meta.url)` assets.
/// <reference types="vite/client" />
