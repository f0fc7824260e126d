import { describe, expect, it } from "vitest";
import { isAddressIn, isYookassaAddress, YOOKASSA_NOTIFICATION_RANGES } from "./ip-ranges";

describe("isYookassaAddress", () => {
  it("accepts addresses inside every published IPv4 range, edges included", () => {
    for (const ip of [
      "185.71.76.0",
      "185.71.76.31",
      "185.71.77.17",
      "77.75.153.0",
      "77.75.153.127",
      "77.75.154.128",
      "77.75.154.255",
      "77.75.156.11",
      "77.75.156.35",
    ]) {
      expect(isYookassaAddress(ip), ip).toBe(true);
    }
  });

  it("refuses the neighbours just outside them", () => {
    for (const ip of [
      "185.71.76.32",
      "185.71.75.255",
      "185.71.77.32",
      "77.75.153.128",
      "77.75.154.127",
      "77.75.156.12",
      "77.75.156.34",
      "77.75.156.36",
      "127.0.0.1",
      "10.0.0.1",
      "0.0.0.0",
    ]) {
      expect(isYookassaAddress(ip), ip).toBe(false);
    }
  });

  it("matches the IPv6 block in any spelling, and nothing beside it", () => {
    expect(isYookassaAddress("2a02:5180::1")).toBe(true);
    expect(isYookassaAddress("2a02:5180:0:1::25")).toBe(true);
    expect(isYookassaAddress("2A02:5180:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF")).toBe(true);
    expect(isYookassaAddress("2a02:5180:0000:0000:0000:0000:0000:0001")).toBe(true);
    expect(isYookassaAddress("[2a02:5180::1]")).toBe(true);
    expect(isYookassaAddress("2a02:5181::1")).toBe(false);
    expect(isYookassaAddress("2a02:517f:ffff::1")).toBe(false);
    expect(isYookassaAddress("2a03:5180::1")).toBe(false);
    expect(isYookassaAddress("::1")).toBe(false);
    expect(isYookassaAddress("::")).toBe(false);
  });

  it("treats IPv4-mapped IPv6 as the IPv4 address (dual-stack sockets report peers that way)", () => {
    expect(isYookassaAddress("::ffff:185.71.76.5")).toBe(true);
    expect(isYookassaAddress("::FFFF:77.75.156.35")).toBe(true);
    // 185.71.76.5 = b947:4c05
    expect(isYookassaAddress("::ffff:b947:4c05")).toBe(true);
    expect(isYookassaAddress("0:0:0:0:0:ffff:185.71.76.5")).toBe(true);
    expect(isYookassaAddress("::ffff:185.71.76.32")).toBe(false);
    expect(isYookassaAddress("::ffff:127.0.0.1")).toBe(false);
    // Only ::ffff:0:0/96 is the mapped block; the same 32 bits elsewhere are another address.
    expect(isYookassaAddress("::185.71.76.5")).toBe(false);
    expect(isYookassaAddress("64:ff9b::185.71.76.5")).toBe(false);
  });

  it("says false, never throws, for anything that is not an address", () => {
    for (const bad of [
      "",
      "yookassa.ru",
      "185.71.76",
      "185.71.76.1.5",
      "185.71.76.256",
      "185.071.076.001",
      "185.71.76.-1",
      " 185.71.76.a",
      "2a02:5180:::1",
      "2a02::5180::1",
      "2a02:5180:0:0:0:0:0:0:1",
      "2a02:5180::1%eth0",
      "2a02:5180::12345",
      "::ffff:185.71.76.999",
      "185.71.76.1/27",
    ]) {
      expect(isYookassaAddress(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});

describe("isAddressIn", () => {
  it("handles /0, /128 and bare addresses, one family at a time", () => {
    expect(isAddressIn("8.8.8.8", ["0.0.0.0/0"])).toBe(true);
    expect(isAddressIn("2001:db8::1", ["0.0.0.0/0"])).toBe(false);
    expect(isAddressIn("2001:db8::1", ["::/0"])).toBe(true);
    expect(isAddressIn("2001:db8::1", ["2001:db8::1/128"])).toBe(true);
    expect(isAddressIn("2001:db8::2", ["2001:db8::1"])).toBe(false);
    expect(isAddressIn("10.1.2.3", ["10.0.0.0/8"])).toBe(true);
    expect(isAddressIn("11.1.2.3", ["10.0.0.0/8"])).toBe(false);
  });

  it("refuses a malformed range loudly (a typo in the table must not allow or deny silently)", () => {
    expect(() => isAddressIn("1.2.3.4", ["1.2.3.0/33"])).toThrow(/Not a CIDR/);
    expect(() => isAddressIn("1.2.3.4", ["1.2.3/24"])).toThrow(/Not a CIDR/);
  });

  it("the published table parses", () => {
    expect(() => isAddressIn("1.1.1.1", YOOKASSA_NOTIFICATION_RANGES)).not.toThrow();
  });
});
