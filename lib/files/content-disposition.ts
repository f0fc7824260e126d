/**
 * `Content-Disposition: attachment` for a file name in any script (RFC 6266): an ASCII
 * fallback for old clients plus the exact name as RFC 5987 `filename*`. Quotes, backslashes
 * and control characters never reach the header, so a name cannot inject parameters.
 */
export function contentDisposition(name: string, type: "attachment" | "inline" = "attachment") {
  const clean = name.replace(/[\u0000-\u001f\u007f"\\]/g, "_").trim() || "download";
  const ascii = clean.replace(/[^\x20-\x7e]/g, "_");
  const encoded = encodeURIComponent(clean).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
