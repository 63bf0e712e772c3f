import type { Rule } from '../../../rule';
import type { PoolModel } from '../model';
import { poolCowFeatureType } from './pool-cow-feature-type';
import { poolNameInvalid } from './pool-name-invalid';
import { poolSourceFormatUnknown } from './pool-source-format-unknown';
import { poolSourceMissingParts } from './pool-source-missing-parts';
import { poolTargetPathMissing } from './pool-target-path-missing';
import { storagePermissionsMalformed } from '../../storage/rules/storage-permissions-malformed';

/** The rules of `<pool>` documents, in registry order. */
export const poolRules: readonly Rule<PoolModel>[] = [poolTargetPathMissing, poolNameInvalid, poolSourceMissingParts, poolSourceFormatUnknown, poolCowFeatureType, storagePermissionsMalformed];
