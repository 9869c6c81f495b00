/**
 * PyTorch checkpoints read as data: a restricted unpickler that knows tensors, dicts, lists,
 * tuples, strings and numbers and refuses everything else, and the two file layouts of
 * {@code torch.save} (the zip archive of PyTorch 1.6 and later, and the legacy stream of the
 * releases before it). Nothing in a file is ever executed.
 */
package org.contrastlab.core.io.torch;
