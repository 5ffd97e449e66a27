/**
 * The shared kernel: money, identifiers, outcomes and the caller's identity. Every module may
 * depend on it; it depends on nothing of ours.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.emboss.shared;
