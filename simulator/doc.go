// Package simulator models the device side of the Windows Mobile Plans app: the SIM or eSIM and its
// identifiers, the operator (MO) configuration, and the launch request (URL query parameters and headers)
// with which the app opens the operator's web portal.
//
// The rules implemented here come from the shared contract (docs/contract.md, numbered as the findings cite it).
// Code comments cite its sections, for example "contract §1.3" for the launch parameter matrix and
// "contract §6" for identifier formats. Everything in the package is deterministic for a given
// Generator seed and the package holds no global mutable state.
package simulator
