/** Pools the generated customers are drawn from. All names and places are illustrative. */
import type { TransactionChannel } from './types.js';

/** A payee of card and mobile spending, with the channel it is paid through. */
export interface Merchant {
  name: string;
  description: string;
  channel: TransactionChannel;
}

export const SURNAMES = [
  'Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou',
  'Xu', 'Sun', 'Ma', 'Zhu', 'Hu', 'Guo', 'He', 'Lin', 'Gao', 'Luo',
] as const;

export const GIVEN_NAMES_F = [
  'Fang', 'Mei', 'Na', 'Jing', 'Min', 'Yan', 'Xiuying', 'Hui', 'Ting', 'Xue',
  'Lan', 'Qian', 'Yu', 'Jia', 'Lina', 'Xiaoyan', 'Shu', 'Wen',
] as const;

export const GIVEN_NAMES_M = [
  'Wei', 'Lei', 'Qiang', 'Jun', 'Yong', 'Jie', 'Tao', 'Ming', 'Chao', 'Hao',
  'Peng', 'Bin', 'Gang', 'Long', 'Zhiwei', 'Jianguo', 'Bo', 'Kai',
] as const;

/** A city with the region code used in identity numbers, a postcode and a few streets. */
export interface Place {
  city: string;
  province: string;
  region: string;
  postalCode: string;
  streets: readonly string[];
  court: string;
}

export const PLACES: readonly Place[] = [
  { city: 'Beijing', province: 'Beijing', region: '110105', postalCode: '100020', streets: ['Jianguo Road', 'Chaoyang North Road', 'Dongsanhuan Middle Road'], court: 'Beijing Chaoyang District People\'s Court' },
  { city: 'Shanghai', province: 'Shanghai', region: '310115', postalCode: '200120', streets: ['Century Avenue', 'Lujiazui Ring Road', 'Zhangyang Road'], court: 'Shanghai Pudong New Area People\'s Court' },
  { city: 'Guangzhou', province: 'Guangdong', region: '440106', postalCode: '510620', streets: ['Tianhe Road', 'Huacheng Avenue', 'Tiyu East Road'], court: 'Guangzhou Tianhe District People\'s Court' },
  { city: 'Shenzhen', province: 'Guangdong', region: '440305', postalCode: '518057', streets: ['Keyuan Road', 'Shennan Avenue', 'Nanhai Avenue'], court: 'Shenzhen Nanshan District People\'s Court' },
  { city: 'Hangzhou', province: 'Zhejiang', region: '330106', postalCode: '310012', streets: ['Wensan Road', 'Tianmushan Road', 'Gudun Road'], court: 'Hangzhou Xihu District People\'s Court' },
  { city: 'Chengdu', province: 'Sichuan', region: '510107', postalCode: '610041', streets: ['Renmin South Road', 'Kehua North Road', 'Wuhou Avenue'], court: 'Chengdu Wuhou District People\'s Court' },
  { city: 'Wuhan', province: 'Hubei', region: '420106', postalCode: '430061', streets: ['Zhongnan Road', 'Zhongbei Road', 'Shouyi Road'], court: 'Wuhan Wuchang District People\'s Court' },
  { city: 'Nanjing', province: 'Jiangsu', region: '320106', postalCode: '210008', streets: ['Zhongshan North Road', 'Hunan Road', 'Beijing West Road'], court: 'Nanjing Gulou District People\'s Court' },
  { city: 'Xi\'an', province: 'Shaanxi', region: '610113', postalCode: '710061', streets: ['Chang\'an South Road', 'Yanta Road', 'Xiaozhai East Road'], court: 'Xi\'an Yanta District People\'s Court' },
  { city: 'Suzhou', province: 'Jiangsu', region: '320506', postalCode: '215021', streets: ['Xinghu Street', 'Suzhou Avenue East', 'Xiandai Avenue'], court: 'Suzhou Industrial Park People\'s Court' },
];

export const EMPLOYERS = [
  'Huaxin Technology Co., Ltd.',
  'Eastern Pearl Logistics Co., Ltd.',
  'Jinqiao Pharmaceutical Co., Ltd.',
  'Blue River Software Co., Ltd.',
  'Changjiang Auto Parts Co., Ltd.',
  'Golden Harvest Foods Co., Ltd.',
  'Sunrise Education Group',
  'Municipal Hospital No. 3',
  'Silver Bay Property Management Co., Ltd.',
  'Northstar Consulting Co., Ltd.',
] as const;

/** Merchants for everyday card and mobile spending. */
export const MERCHANTS: readonly Merchant[] = [
  { name: 'Meituan', description: 'Food delivery', channel: 'ONLINE' },
  { name: 'JD.com', description: 'Online shopping', channel: 'ONLINE' },
  { name: 'Taobao', description: 'Online shopping', channel: 'ONLINE' },
  { name: 'Didi Chuxing', description: 'Ride hailing', channel: 'MOBILE' },
  { name: 'Starbucks', description: 'Coffee', channel: 'POS' },
  { name: 'Hema Fresh', description: 'Groceries', channel: 'POS' },
  { name: 'Wanda Cinema', description: 'Cinema tickets', channel: 'POS' },
  { name: 'China Railway 12306', description: 'Train tickets', channel: 'ONLINE' },
  { name: 'Sinopec', description: 'Fuel', channel: 'POS' },
  { name: 'Uniqlo', description: 'Clothing', channel: 'POS' },
  { name: 'Haidilao', description: 'Restaurant', channel: 'POS' },
  { name: 'Cash withdrawal', description: 'ATM withdrawal', channel: 'ATM' },
];

/** Where purchases of several hundred yuan or more plausibly go. */
export const BIG_TICKET_MERCHANTS: readonly Merchant[] = [
  { name: 'JD.com', description: 'Online shopping', channel: 'ONLINE' },
  { name: 'Taobao', description: 'Online shopping', channel: 'ONLINE' },
  { name: 'Suning Appliances', description: 'Home appliances', channel: 'POS' },
  { name: 'Ctrip', description: 'Travel booking', channel: 'ONLINE' },
  { name: 'China Railway 12306', description: 'Train tickets', channel: 'ONLINE' },
  { name: 'IKEA', description: 'Furniture', channel: 'POS' },
];

export const BILLERS = [
  { name: 'State Grid Electric Power', description: 'Electricity bill', min: 120, max: 600 },
  { name: 'China Mobile', description: 'Mobile phone bill', min: 58, max: 199 },
  { name: 'City Gas Group', description: 'Gas bill', min: 40, max: 260 },
] as const;

export const BUSINESS_CUSTOMERS = [
  'Lotus Supermarket', 'Greenleaf Catering', 'Harbour Hotel', 'Eastwind Trading',
  'Golden Dragon Restaurant', 'Mountain Spring Tea House', 'Lucky Star Bakery', 'Riverside Cafe',
] as const;

export const SUPPLIERS = [
  'Metro Wholesale', 'Fresh Farm Produce Co.', 'Yonghui Distribution', 'Shunfeng Express',
  'Jiahe Packaging', 'Evergreen Paper Products',
] as const;

/** Relationship managers, ids `RM001`…`RM012`. */
export const RELATIONSHIP_MANAGERS = [
  { id: 'RM001', name: 'Zhang Wei', phone: '021-68880101', email: 'zhang.wei@bank.example.com', branch: 'Shanghai Lujiazui Branch' },
  { id: 'RM002', name: 'Li Jing', phone: '021-68880102', email: 'li.jing@bank.example.com', branch: 'Shanghai Lujiazui Branch' },
  { id: 'RM003', name: 'Huang Tao', phone: '010-65880103', email: 'huang.tao@bank.example.com', branch: 'Beijing Chaoyang Branch' },
  { id: 'RM004', name: 'Xu Ting', phone: '010-65880104', email: 'xu.ting@bank.example.com', branch: 'Beijing Chaoyang Branch' },
  { id: 'RM005', name: 'Guo Ming', phone: '020-38880105', email: 'guo.ming@bank.example.com', branch: 'Guangzhou Tianhe Branch' },
  { id: 'RM006', name: 'He Yan', phone: '0755-86880106', email: 'he.yan@bank.example.com', branch: 'Shenzhen Nanshan Branch' },
  { id: 'RM007', name: 'Lin Hao', phone: '0571-87880107', email: 'lin.hao@bank.example.com', branch: 'Hangzhou Xihu Branch' },
  { id: 'RM008', name: 'Gao Qian', phone: '028-85880108', email: 'gao.qian@bank.example.com', branch: 'Chengdu Wuhou Branch' },
  { id: 'RM009', name: 'Luo Bin', phone: '027-87880109', email: 'luo.bin@bank.example.com', branch: 'Wuhan Wuchang Branch' },
  { id: 'RM010', name: 'Ma Lan', phone: '025-83880110', email: 'ma.lan@bank.example.com', branch: 'Nanjing Gulou Branch' },
  { id: 'RM011', name: 'Zhu Peng', phone: '029-85880111', email: 'zhu.peng@bank.example.com', branch: 'Xi\'an Yanta Branch' },
  { id: 'RM012', name: 'Hu Wen', phone: '0512-62880112', email: 'hu.wen@bank.example.com', branch: 'Suzhou Industrial Park Branch' },
] as const;
