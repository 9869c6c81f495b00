/** Self-supervised methods, one small class each, wiring shared blocks (heads, losses) around a backbone. */
package org.contrastlab.core.method;
