import { Badge } from '@mantine/core';
import type { TLevelRef } from '@vigil/contracts';

/** Black or white, whichever reads better on `hex` (WCAG relative luminance). */
export function textColourOn(hex: string): '#000000' | '#ffffff' {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  // Contrast against black is (L + 0.05) / 0.05, against white 1.05 / (L + 0.05): pick the larger.
  return (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) ? '#000000' : '#ffffff';
}

/** A risk level as text on its methodology colour: the label is always there, colour only adds to it. */
export function LevelBadge({ level, size = 'md' }: { level: TLevelRef; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge
      size={size}
      radius="sm"
      // Never shrunk to "MED…" next to wrapping text: the label carries the level, not the colour.
      style={{ backgroundColor: level.colour, color: textColourOn(level.colour), flexShrink: 0 }}
    >
      {level.label}
    </Badge>
  );
}
