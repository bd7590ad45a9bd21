import { afterEach, describe, expect, it } from "vitest";
import { dictionaries, getLanguage, hasMessage, setLanguage, t, translate } from "./i18n";
import { ALLOWED_LATIN, AVOID } from "./glossary";

describe("i18n", () => {
  afterEach(() => setLanguage("ja", { remember: false }));

  it("has every Japanese key in English, none empty", () => {
    const jaKeys = Object.keys(dictionaries.ja).sort();
    expect(Object.keys(dictionaries.en).sort()).toEqual(jaKeys);
    for (const lang of ["ja", "en"] as const) {
      for (const [key, value] of Object.entries(dictionaries[lang])) expect(value, `${lang}:${key}`).not.toBe("");
    }
  });

  it("uses the same placeholders in both languages", () => {
    const names = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(dictionaries.ja) as (keyof typeof dictionaries.ja)[]) {
      expect(names(dictionaries.en[key]), key).toEqual(names(dictionaries.ja[key]));
    }
  });

  it("defaults to Japanese and interpolates parameters", () => {
    expect(getLanguage()).toBe("ja");
    expect(t("unit.itemOf", { current: 3, total: 20 })).toBe("3 / 20 件目");
    expect(translate("en", "unit.itemOf", { current: 3, total: 20 })).toBe("Item 3 of 20");
  });

  it("leaves unknown placeholders visible rather than printing undefined", () => {
    expect(translate("ja", "common.yen", {})).toBe("{amount}円");
  });

  it("switches language and notifies", () => {
    setLanguage("en", { remember: false });
    expect(getLanguage()).toBe("en");
    expect(t("work.claimNext")).toBe("Get work");
  });

  it("knows which keys exist", () => {
    expect(hasMessage("error.no_unit_available")).toBe(true);
    expect(hasMessage("error.made_up")).toBe(false);
  });
});

describe("the Japanese catalogue", () => {
  const entries = Object.entries(dictionaries.ja);

  it("uses the glossary's words", () => {
    for (const [key, value] of entries) {
      for (const [avoid, use] of Object.entries(AVOID)) {
        expect(value.includes(avoid), `${key}: write ${use}, not ${avoid}`).toBe(false);
      }
    }
  });

  it("has no English beyond the allow-list (brand, formats, codes)", () => {
    const allowed = new Set(ALLOWED_LATIN.map((w) => w.toLowerCase()));
    for (const [key, value] of entries) {
      const words = value.replace(/\{\w+\}/g, "").match(/[A-Za-z][A-Za-z_]+/g) ?? [];
      expect(words.filter((w) => !allowed.has(w.toLowerCase())), key).toEqual([]);
    }
  });
});
