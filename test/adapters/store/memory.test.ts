import { createMemoryStore } from "../../../src/adapters/store/memory.js";
import { describeStoreContract } from "./contract.js";
import { describeSharedStateContract } from "./shared-contract.js";

describeStoreContract("memory", createMemoryStore);
describeSharedStateContract("memory", createMemoryStore);
