import type { UseFormRegisterReturn } from "react-hook-form";

/** A checkbox with its label and a hint under it, registered with react-hook-form. */
export function CheckboxField({
  id,
  label,
  hint,
  register,
}: {
  id: string;
  label: string;
  hint: string;
  register: UseFormRegisterReturn;
}) {
  return (
    <div className="flex gap-2.5">
      <input
        id={id}
        type="checkbox"
        aria-describedby={`${id}-hint`}
        className="mt-0.5 size-4 shrink-0 rounded border-slate-300 accent-brand-600"
        {...register}
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-slate-800">
          {label}
        </label>
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      </div>
    </div>
  );
}
