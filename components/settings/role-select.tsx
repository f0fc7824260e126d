"use client";

import { useTranslations } from "next-intl";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "@/components/ui/select";
import type { FieldControlProps } from "@/components/ui/field";
import type { Role } from "@/lib/db/schema/accounts";

/** A role picker; `roles` lists the roles offered (keys are never owners, say). */
export function RoleSelect({
  value,
  onChange,
  roles,
  disabled,
  control,
  className,
  "aria-label": ariaLabel,
}: {
  value: Role;
  onChange: (role: Role) => void;
  roles: readonly Role[];
  disabled?: boolean;
  control?: Partial<FieldControlProps>;
  className?: string;
  "aria-label"?: string;
}) {
  const t = useTranslations("common.roles");
  return (
    <Select
      value={value}
      onValueChange={(v) => {
        const role = roles.find((r) => r === v);
        if (role) onChange(role);
      }}
      disabled={disabled}
    >
      <SelectTrigger {...control} className={className} aria-label={ariaLabel}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {roles.map((role) => (
          <SelectItem key={role} value={role}>
            {t(role)}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
