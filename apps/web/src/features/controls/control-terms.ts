import {
  CONTROL_TYPES,
  CYBERSECURITY_CONCEPTS,
  OPERATIONAL_CAPABILITIES,
  SECURITY_DOMAINS,
  SECURITY_PROPERTIES,
  type TControlAttributes,
  type TControlSummary,
  type TControlType,
  type TCybersecurityConcept,
  type TOperationalCapability,
  type TSecurityDomain,
  type TSecurityProperty,
} from '@vigil/contracts';
import { useTranslation } from 'react-i18next';

/** The five ISO/IEC 27002 attributes, as a control lists them. */
export const ATTRIBUTE_KINDS = ['controlTypes', 'properties', 'concepts', 'capabilities', 'domains'] as const;
export type TAttributeKind = (typeof ATTRIBUTE_KINDS)[number];

/** Each attribute's vocabulary, in its order. */
export const ATTRIBUTE_VALUES: Record<TAttributeKind, readonly string[]> = {
  controlTypes: CONTROL_TYPES,
  properties: SECURITY_PROPERTIES,
  concepts: CYBERSECURITY_CONCEPTS,
  capabilities: OPERATIONAL_CAPABILITIES,
  domains: SECURITY_DOMAINS,
};

/** The register's filter of each attribute (`?controlType=detective`). */
export const ATTRIBUTE_FILTERS = {
  controlTypes: 'controlType',
  properties: 'property',
  concepts: 'concept',
  capabilities: 'capability',
  domains: 'domain',
} as const satisfies Record<TAttributeKind, string>;

/** The words for the values of controls: attribute tags, and the implementation status with its supplier. */
export function useControlTerms() {
  const { t } = useTranslation();

  /** An attribute tag in words, e.g. `identity_and_access_management` -> "Identity and access management". */
  const attribute = (kind: TAttributeKind, value: string): string => {
    switch (kind) {
      case 'controlTypes':
        return t(`controls.terms.controlType.${value as TControlType}`);
      case 'properties':
        return t(`controls.terms.property.${value as TSecurityProperty}`);
      case 'concepts':
        return t(`controls.terms.concept.${value as TCybersecurityConcept}`);
      case 'capabilities':
        return t(`controls.terms.capability.${value as TOperationalCapability}`);
      case 'domains':
        return t(`controls.terms.domain.${value as TSecurityDomain}`);
    }
  };

  return {
    attribute,
    /** A control's attribute tags of one kind, in words, comma separated; "None" when it has none. */
    attributes: (attributes: TControlAttributes, kind: TAttributeKind): string => {
      const values = attributes[kind] as readonly string[];
      if (values.length === 0) return t('controls.attributes.none');
      return values.map((value) => attribute(kind, value)).join(', ');
    },
    /** "Implemented", or "Inherited from Hosting provider". */
    status: (control: Pick<TControlSummary, 'implementationStatus' | 'inheritedFrom'>): string => {
      if (control.implementationStatus === 'inherited' && control.inheritedFrom)
        return t('controls.terms.inheritedFrom', { supplier: control.inheritedFrom });
      return t(`controls.terms.status.${control.implementationStatus}`);
    },
  };
}
