import { describe, expect, it } from "vitest";
import { linkify } from "./linkify";

describe("linkify", () => {
  it("finds http and https addresses and leaves the rest as text", () => {
    expect(
      linkify("Lesson 1: https://video.example/1 and http://x.example/a?b=1&c=2 done"),
    ).toEqual([
      { text: "Lesson 1: " },
      { href: "https://video.example/1", text: "https://video.example/1" },
      { text: " and " },
      { href: "http://x.example/a?b=1&c=2", text: "http://x.example/a?b=1&c=2" },
      { text: " done" },
    ]);
  });

  it("keeps sentence punctuation and an unopened bracket out of the address", () => {
    expect(linkify("(see https://x.example/a).")).toEqual([
      { text: "(see " },
      { href: "https://x.example/a", text: "https://x.example/a" },
      { text: ")." },
    ]);
    expect(linkify("https://en.example/wiki/A_(film)")[0]).toEqual({
      href: "https://en.example/wiki/A_(film)",
      text: "https://en.example/wiki/A_(film)",
    });
  });

  it("never makes a link of other schemes or of markup", () => {
    const text = '<a href="javascript:alert(1)">x</a> javascript:alert(1) <script>';
    expect(linkify(text)).toEqual([{ text }]);
  });

  it("stops an address at a quote or angle bracket", () => {
    expect(linkify('https://x.example/"onmouseover="a')).toEqual([
      { href: "https://x.example/", text: "https://x.example/" },
      { text: '"onmouseover="a' },
    ]);
  });
});
