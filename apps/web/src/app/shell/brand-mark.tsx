import classes from './app-layout.module.css';

/** The Vigil shield (same drawing as public/favicon.svg); decorative, the word "Vigil" next to it names the link. */
export function BrandMark({ size = 28 }: { size?: number }) {
  return (
    <svg className={classes.brandMark} width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
      <path
        className={classes.brandShield}
        d="M16 2 4 6.5v8.2c0 7.4 5.1 13.3 12 15.3 6.9-2 12-7.9 12-15.3V6.5L16 2Z"
      />
      <path
        className={classes.brandCheck}
        fill="none"
        strokeLinecap="round"
        strokeLinejoin="round"
        strokeWidth="2.6"
        d="m10.5 16.2 3.8 3.8 7.4-7.6"
      />
    </svg>
  );
}
