/** The runtime environment: DJL engine, libtorch, device and process memory, as the doctor reports them. */
package org.contrastlab.core.env;
