import { useLocale } from "next-intl";
import { flowLocales, type FlowLocale } from "@/lib/flow/localizedText";

/** The app's locale as a flow text locale (the same set; English for anything else). */
export function useFlowLocale(): FlowLocale {
  const locale = useLocale();
  return flowLocales.find((l) => l === locale) ?? "en";
}
