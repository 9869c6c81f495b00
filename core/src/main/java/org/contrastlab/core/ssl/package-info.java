/**
 * The blocks the methods share, each small and tested on its own: the EMA teacher with its
 * momentum schedule, the key queue, the memory bank, Sinkhorn-Knopp codes and the collapse
 * monitor (DESIGN.md decision 3).
 */
package org.contrastlab.core.ssl;
