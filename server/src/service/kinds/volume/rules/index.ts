import type { Rule } from '../../../rule';
import { storagePermissionsMalformed } from '../../storage/rules/storage-permissions-malformed';
import type { VolumeModel } from '../model';
import { volumeAllocationAboveCapacity } from './volume-allocation-above-capacity';
import { volumeCapacityMissing } from './volume-capacity-missing';
import { volumeFormatOptions } from './volume-format-options';
import { volumeFormatUnknown } from './volume-format-unknown';
import { volumeNameInvalid } from './volume-name-invalid';
import { volumeSizeInvalid } from './volume-size-invalid';

/** The rules of `<volume>` documents, in registry order. */
export const volumeRules: readonly Rule<VolumeModel>[] = [volumeNameInvalid, volumeCapacityMissing, volumeSizeInvalid, volumeAllocationAboveCapacity, volumeFormatUnknown, volumeFormatOptions, storagePermissionsMalformed];
