import { SCALE } from "./scale";

/** Strong No … Strong Yes as one native radio group (arrow keys move between options). */
export function RatingScale({
  name,
  label,
  value,
  onChange,
  disabled = false,
}: {
  name: string;
  label: string;
  value: number | null;
  onChange: (value: number) => void;
  disabled?: boolean;
}) {
  return (
    <div className="rating" role="radiogroup" aria-label={label} data-rated={value !== null}>
      {SCALE.map((option) => (
        <label key={option.value} className="rating-option" data-value={option.value} data-checked={value === option.value}>
          <input
            className="sr-only"
            type="radio"
            name={name}
            value={option.value}
            checked={value === option.value}
            disabled={disabled}
            onChange={() => onChange(option.value)}
          />
          <span>{option.label}</span>
        </label>
      ))}
    </div>
  );
}
