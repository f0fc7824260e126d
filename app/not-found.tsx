import { SearchX } from "lucide-react";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { Brand } from "@/components/shell/brand";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export default async function NotFound() {
  const t = await getTranslations("common");
  return (
    <div className="flex min-h-screen flex-col items-center justify-center gap-6 px-4">
      <Brand name={t("appName")} />
      <Card className="w-full max-w-md">
        <EmptyState
          icon={SearchX}
          title={t("notFoundTitle")}
          text={t("notFoundText")}
          action={
            <Button asChild>
              <Link href="/">{t("goHome")}</Link>
            </Button>
          }
        />
      </Card>
    </div>
  );
}
