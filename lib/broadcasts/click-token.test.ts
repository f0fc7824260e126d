import { describe, expect, it } from "vitest";
import { clickUrl, signClick, verifyClick } from "./click-token";

const ref = {
  broadcastId: "0b6f1c2e-3a4d-4e5f-8a9b-0c1d2e3f4a5b",
  contactId: "9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b",
  target: 3,
};

describe("click tokens", () => {
  it("carry the broadcast, the contact and the target, and nothing can be changed", () => {
    const token = signClick(ref);
    expect(token).toMatch(/^[A-Za-z0-9_-]{62}$/);
    expect(verifyClick(token)).toEqual(ref);
    expect(clickUrl(ref)).toMatch(new RegExp(`/r/b/${token}$`));
    for (let i = 0; i < token.length; i += 7) {
      const flipped = token.slice(0, i) + (token[i] === "A" ? "B" : "A") + token.slice(i + 1);
      expect(verifyClick(flipped), `character ${i}`).toBeNull();
    }
    expect(verifyClick(signClick({ ...ref, target: 4 }))).toEqual({ ...ref, target: 4 });
    expect(verifyClick("")).toBeNull();
    expect(verifyClick("x".repeat(62))).toBeNull();
    expect(verifyClick(`${token}A`)).toBeNull();
  });
});
