/** Small file helpers: atomic writes and JSON. */
package org.contrastlab.core.io;
