// ITU-T bodies that demo events belong to: study groups of the 2022-2024 study period, TSAG,
// the regional groups named in the TSAG regional presence report, the focus group, the JCA and
// the TSB programmes the report mentions.
import type { GroupSeed } from './types.js';

export const groups: GroupSeed[] = [
  // Study groups (2022-2024 study period)
  {
    id: 'sg2',
    name: 'ITU-T Study Group 2: Operational aspects of service provision and telecommunication management',
    kind: 'study-group',
  },
  { id: 'sg3', name: 'ITU-T Study Group 3: Economic and policy issues', kind: 'study-group' },
  {
    id: 'sg5',
    name: 'ITU-T Study Group 5: EMF, environment, climate action, sustainable digitalization, and circular economy',
    kind: 'study-group',
  },
  { id: 'sg9', name: 'ITU-T Study Group 9: Broadband cable and TV', kind: 'study-group' },
  {
    id: 'sg11',
    name: 'ITU-T Study Group 11: Signalling requirements, protocols, test specifications and combating counterfeit telecommunication/ICT devices',
    kind: 'study-group',
  },
  { id: 'sg12', name: 'ITU-T Study Group 12: Performance, QoS and QoE', kind: 'study-group' },
  {
    id: 'sg13',
    name: 'ITU-T Study Group 13: Future networks and emerging network technologies',
    kind: 'study-group',
  },
  {
    id: 'sg15',
    name: 'ITU-T Study Group 15: Networks, technologies and infrastructures for transport, access and home',
    kind: 'study-group',
  },
  { id: 'sg16', name: 'ITU-T Study Group 16: Multimedia and related digital technologies', kind: 'study-group' },
  { id: 'sg17', name: 'ITU-T Study Group 17: Security', kind: 'study-group' },
  {
    id: 'sg20',
    name: 'ITU-T Study Group 20: Internet of things (IoT) and smart cities and communities (SC&C)',
    kind: 'study-group',
  },

  // Advisory group
  { id: 'tsag', name: 'Telecommunication Standardization Advisory Group', kind: 'advisory-group' },

  // Regional groups of study groups
  { id: 'sg2rg-afr', name: 'ITU-T SG2 Regional Group for Africa (SG2RG-AFR)', kind: 'regional-group', parent: 'sg2' },
  { id: 'sg3rg-afr', name: 'ITU-T SG3 Regional Group for Africa (SG3RG-AFR)', kind: 'regional-group', parent: 'sg3' },
  {
    id: 'sg5rg-arb',
    name: 'ITU-T SG5 Regional Group for the Arab Region (SG5RG-ARB)',
    kind: 'regional-group',
    parent: 'sg5',
  },
  {
    id: 'sg11rg-afr',
    name: 'ITU-T SG11 Regional Group for Africa (SG11RG-AFR)',
    kind: 'regional-group',
    parent: 'sg11',
  },
  {
    id: 'sg12rg-afr',
    name: 'ITU-T SG12 Regional Group for Africa (SG12RG-AFR)',
    kind: 'regional-group',
    parent: 'sg12',
  },
  {
    id: 'sg13rg-afr',
    name: 'ITU-T SG13 Regional Group for Africa (SG13RG-AFR)',
    kind: 'regional-group',
    parent: 'sg13',
  },
  {
    id: 'sg17rg-afr',
    name: 'ITU-T SG17 Regional Group for Africa (SG17RG-AFR)',
    kind: 'regional-group',
    parent: 'sg17',
  },
  {
    id: 'sg20rg-afr',
    name: 'ITU-T SG20 Regional Group for Africa (SG20RG-AFR)',
    kind: 'regional-group',
    parent: 'sg20',
  },

  // Focus group
  { id: 'fg-mv', name: 'ITU-T Focus Group on metaverse (FG-MV)', kind: 'focus-group' },

  // Joint coordination activity
  {
    id: 'jca-iot-scc',
    name: 'Joint Coordination Activity on Internet of Things and Smart Cities and Communities (JCA-IoT and SC&C)',
    kind: 'joint-coordination-activity',
    parent: 'sg20',
  },

  // Programmes and initiatives
  { id: 'bsg', name: 'Bridging the Standardization Gap (BSG)', kind: 'programme' },
  { id: 'dfs-security-lab', name: 'Digital Financial Services (DFS) Security Lab', kind: 'programme' },
  { id: 'u4ssc', name: 'United for Smart Sustainable Cities (U4SSC)', kind: 'programme' },
  { id: 'ai-for-good', name: 'AI for Good', kind: 'programme' },
  { id: 'wtsa', name: 'World Telecommunication Standardization Assembly (WTSA)', kind: 'programme' },
];
