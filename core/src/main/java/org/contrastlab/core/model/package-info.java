/** Backbones and heads built from DJL blocks, registered by id. */
package org.contrastlab.core.model;
