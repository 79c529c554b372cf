import fc from 'fast-check';
import { ByteWriter, MeboError } from '@mebo/format';
import { SeededRandom, expectOnly, mutate } from '@mebo-internal/test-kit';

/** Test-only helpers for the encoding-*.test.ts suites: hex, XXH64, Go math/rand v1, ALP golden columns. */

export function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}

export function fromHex(s: string): Uint8Array {
  const t = s.replace(/[^0-9a-f]/gi, '');
  const out = new Uint8Array(t.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(t.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** A fresh writer in the given engine order. */
export function writer(littleEndian = true): ByteWriter {
  return new ByteWriter(64, littleEndian);
}

// ---- XXH64 (seed 0), BigInt: test-only, speed does not matter ----
const M64 = (1n << 64n) - 1n;
const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P3 = 1609587929392839161n;
const P4 = 9650029242287828579n;
const P5 = 2870177450012600261n;
const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & M64;
const round = (acc: bigint, input: bigint): bigint => (rotl((acc + input * P2) & M64, 31n) * P1) & M64;
const merge = (acc: bigint, v: bigint): bigint => (((acc ^ round(0n, v)) * P1 + P4) & M64);

export function xxh64(b: Uint8Array): bigint {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u64 = (p: number): bigint => dv.getBigUint64(p, true);
  const len = b.length;
  let p = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = (P1 + P2) & M64;
    let v2 = P2;
    let v3 = 0n;
    let v4 = (-P1) & M64;
    while (p + 32 <= len) {
      v1 = round(v1, u64(p));
      v2 = round(v2, u64(p + 8));
      v3 = round(v3, u64(p + 16));
      v4 = round(v4, u64(p + 24));
      p += 32;
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & M64;
    h = merge(h, v1);
    h = merge(h, v2);
    h = merge(h, v3);
    h = merge(h, v4);
  } else {
    h = P5;
  }
  h = (h + BigInt(len)) & M64;
  while (p + 8 <= len) {
    h = ((rotl(h ^ round(0n, u64(p)), 27n) * P1 + P4) & M64);
    p += 8;
  }
  if (p + 4 <= len) {
    h = ((rotl(h ^ ((BigInt(dv.getUint32(p, true)) * P1) & M64), 23n) * P2 + P3) & M64);
    p += 4;
  }
  while (p < len) {
    h = (rotl(h ^ ((BigInt(b[p]) * P5) & M64), 11n) * P1) & M64;
    p++;
  }
  h ^= h >> 33n;
  h = (h * P2) & M64;
  h ^= h >> 29n;
  h = (h * P3) & M64;
  h ^= h >> 32n;
  return h;
}

// ---- Go math/rand v1 (additive lagged Fibonacci, Mitchell & Reeds), spec Appendix A.1 ----
// rngCooked: the 607 seeding constants from Go's src/math/rand/rng.go (BSD-style license, The Go Authors).
const COOKED: readonly bigint[] = [
  -4181792142133755926n, -4576982950128230565n, 1395769623340756751n, 5333664234075297259n, -6347679516498800754n, 9033628115061424579n,
  7143218595135194537n, 4812947590706362721n, 7937252194349799378n, 5307299880338848416n, 8209348851763925077n, -7107630437535961764n,
  4593015457530856296n, 8140875735541888011n, -5903942795589686782n, -603556388664454774n, -7496297993371156308n, 113108499721038619n,
  4569519971459345583n, -4160538177779461077n, -6835753265595711384n, -6507240692498089696n, 6559392774825876886n, 7650093201692370310n,
  7684323884043752161n, -8965504200858744418n, -2629915517445760644n, 271327514973697897n, -6433985589514657524n, 1065192797246149621n,
  3344507881999356393n, -4763574095074709175n, 7465081662728599889n, 1014950805555097187n, -4773931307508785033n, -5742262670416273165n,
  2418672789110888383n, 5796562887576294778n, 4484266064449540171n, 3738982361971787048n, -4699774852342421385n, 10530508058128498n,
  -589538253572429690n, -6598062107225984180n, 8660405965245884302n, 10162832508971942n, -2682657355892958417n, 7031802312784620857n,
  6240911277345944669n, 831864355460801054n, -1218937899312622917n, 2116287251661052151n, 2202309800992166967n, 9161020366945053561n,
  4069299552407763864n, 4936383537992622449n, 457351505131524928n, -8881176990926596454n, -6375600354038175299n, -7155351920868399290n,
  4368649989588021065n, 887231587095185257n, -3659780529968199312n, -2407146836602825512n, 5616972787034086048n, -751562733459939242n,
  1686575021641186857n, -5177887698780513806n, -4979215821652996885n, -1375154703071198421n, 5632136521049761902n, -8390088894796940536n,
  -193645528485698615n, -5979788902190688516n, -4907000935050298721n, -285522056888777828n, -2776431630044341707n, 1679342092332374735n,
  6050638460742422078n, -2229851317345194226n, -1582494184340482199n, 5881353426285907985n, 812786550756860885n, 4541845584483343330n,
  -6497901820577766722n, 4980675660146853729n, -4012602956251539747n, -329088717864244987n, -2896929232104691526n, 1495812843684243920n,
  -2153620458055647789n, 7370257291860230865n, -2466442761497833547n, 4706794511633873654n, -1398851569026877145n, 8549875090542453214n,
  -9189721207376179652n, -7894453601103453165n, 7297902601803624459n, 1011190183918857495n, -6985347000036920864n, 5147159997473910359n,
  -8326859945294252826n, 2659470849286379941n, 6097729358393448602n, -7491646050550022124n, -5117116194870963097n, -896216826133240300n,
  -745860416168701406n, 5803876044675762232n, -787954255994554146n, -3234519180203704564n, -4507534739750823898n, -1657200065590290694n,
  505808562678895611n, -4153273856159712438n, -8381261370078904295n, 572156825025677802n, 1791881013492340891n, 3393267094866038768n,
  -5444650186382539299n, 2352769483186201278n, -7930912453007408350n, -325464993179687389n, -3441562999710612272n, -6489413242825283295n,
  5092019688680754699n, -227247482082248967n, 4234737173186232084n, 5027558287275472836n, 4635198586344772304n, -536033143587636457n,
  5907508150730407386n, -8438615781380831356n, 972392927514829904n, -3801314342046600696n, -4064951393885491917n, -174840358296132583n,
  2407211146698877100n, -1640089820333676239n, 3940796514530962282n, -5882197405809569433n, 3095313889586102949n, -1818050141166537098n,
  5832080132947175283n, 7890064875145919662n, 8184139210799583195n, -8073512175445549678n, -7758774793014564506n, -4581724029666783935n,
  3516491885471466898n, -8267083515063118116n, 6657089965014657519n, 5220884358887979358n, 1796677326474620641n, 5340761970648932916n,
  1147977171614181568n, 5066037465548252321n, 2574765911837859848n, 1085848279845204775n, -5873264506986385449n, 6116438694366558490n,
  2107701075971293812n, -7420077970933506541n, 2469478054175558874n, -1855128755834809824n, -5431463669011098282n, -9038325065738319171n,
  -6966276280341336160n, 7217693971077460129n, -8314322083775271549n, 7196649268545224266n, -3585711691453906209n, -5267827091426810625n,
  8057528650917418961n, -5084103596553648165n, -2601445448341207749n, -7850010900052094367n, 6527366231383600011n, 3507654575162700890n,
  9202058512774729859n, 1954818376891585542n, -2582991129724600103n, 8299563319178235687n, -5321504681635821435n, 7046310742295574065n,
  -2376176645520785576n, -7650733936335907755n, 8850422670118399721n, 3631909142291992901n, 5158881091950831288n, -6340413719511654215n,
  4763258931815816403n, 6280052734341785344n, -4979582628649810958n, 2043464728020827976n, -2678071570832690343n, 4562580375758598164n,
  5495451168795427352n, -7485059175264624713n, 553004618757816492n, 6895160632757959823n, -989748114590090637n, 7139506338801360852n,
  -672480814466784139n, 5535668688139305547n, 2430933853350256242n, -3821430778991574732n, -1063731997747047009n, -3065878205254005442n,
  7632066283658143750n, 6308328381617103346n, 3681878764086140361n, 3289686137190109749n, 6587997200611086848n, 244714774258135476n,
  -5143583659437639708n, 8090302575944624335n, 2945117363431356361n, -8359047641006034763n, 3009039260312620700n, -793344576772241777n,
  401084700045993341n, -1968749590416080887n, 4707864159563588614n, -3583123505891281857n, -3240864324164777915n, -5908273794572565703n,
  -3719524458082857382n, -5281400669679581926n, 8118566580304798074n, 3839261274019871296n, 7062410411742090847n, -8481991033874568140n,
  6027994129690250817n, -6725542042704711878n, -2971981702428546974n, -7854441788951256975n, 8809096399316380241n, 6492004350391900708n,
  2462145737463489636n, -8818543617934476634n, -5070345602623085213n, -8961586321599299868n, -3758656652254704451n, -8630661632476012791n,
  6764129236657751224n, -709716318315418359n, -3403028373052861600n, -8838073512170985897n, -3999237033416576341n, -2920240395515973663n,
  -2073249475545404416n, 368107899140673753n, -6108185202296464250n, -6307735683270494757n, 4782583894627718279n, 6718292300699989587n,
  8387085186914375220n, 3387513132024756289n, 4654329375432538231n, -292704475491394206n, -3848998599978456535n, 7623042350483453954n,
  7725442901813263321n, 9186225467561587250n, -5132344747257272453n, -6865740430362196008n, 2530936820058611833n, 1636551876240043639n,
  -3658707362519810009n, 1452244145334316253n, -7161729655835084979n, -7943791770359481772n, 9108481583171221009n, -3200093350120725999n,
  5007630032676973346n, 2153168792952589781n, 6720334534964750538n, -3181825545719981703n, 3433922409283786309n, 2285479922797300912n,
  3110614940896576130n, -2856812446131932915n, -3804580617188639299n, 7163298419643543757n, 4891138053923696990n, 580618510277907015n,
  1684034065251686769n, 4429514767357295841n, -8893025458299325803n, -8103734041042601133n, 7177515271653460134n, 4589042248470800257n,
  -1530083407795771245n, 143607045258444228n, 246994305896273627n, -8356954712051676521n, 6473547110565816071n, 3092379936208876896n,
  2058427839513754051n, -4089587328327907870n, 8785882556301281247n, -3074039370013608197n, -637529855400303673n, 6137678347805511274n,
  -7152924852417805802n, 5708223427705576541n, -3223714144396531304n, 4358391411789012426n, 325123008708389849n, 6837621693887290924n,
  4843721905315627004n, -3212720814705499393n, -3825019837890901156n, 4602025990114250980n, 1044646352569048800n, 9106614159853161675n,
  -8394115921626182539n, -4304087667751778808n, 2681532557646850893n, 3681559472488511871n, -3915372517896561773n, -2889241648411946534n,
  -6564663803938238204n, -8060058171802589521n, 581945337509520675n, 3648778920718647903n, -4799698790548231394n, -7602572252857820065n,
  220828013409515943n, -1072987336855386047n, 4287360518296753003n, -4633371852008891965n, 5513660857261085186n, -2258542936462001533n,
  -8744380348503999773n, 8746140185685648781n, 228500091334420247n, 1356187007457302238n, 3019253992034194581n, 3152601605678500003n,
  -8793219284148773595n, 5559581553696971176n, 4916432985369275664n, -8559797105120221417n, -5802598197927043732n, 2868348622579915573n,
  -7224052902810357288n, -5894682518218493085n, 2587672709781371173n, -7706116723325376475n, 3092343956317362483n, -5561119517847711700n,
  972445599196498113n, -1558506600978816441n, 1708913533482282562n, -2305554874185907314n, -6005743014309462908n, -6653329009633068701n,
  -483583197311151195n, 2488075924621352812n, -4529369641467339140n, -4663743555056261452n, 2997203966153298104n, 1282559373026354493n,
  240113143146674385n, 8665713329246516443n, 628141331766346752n, -4651421219668005332n, -7750560848702540400n, 7596648026010355826n,
  -3132152619100351065n, 7834161864828164065n, 7103445518877254909n, 4390861237357459201n, -4780718172614204074n, -319889632007444440n,
  622261699494173647n, -3186110786557562560n, -8718967088789066690n, -1948156510637662747n, -8212195255998774408n, -7028621931231314745n,
  2623071828615234808n, -4066058308780939700n, -5484966924888173764n, -6683604512778046238n, -6756087640505506466n, 5256026990536851868n,
  7841086888628396109n, 6640857538655893162n, -8021284697816458310n, -7109857044414059830n, -1689021141511844405n, -4298087301956291063n,
  -4077748265377282003n, -998231156719803476n, 2719520354384050532n, 9132346697815513771n, 4332154495710163773n, -2085582442760428892n,
  6994721091344268833n, -2556143461985726874n, -8567931991128098309n, 59934747298466858n, -3098398008776739403n, -265597256199410390n,
  2332206071942466437n, -7522315324568406181n, 3154897383618636503n, -7585605855467168281n, -6762850759087199275n, 197309393502684135n,
  -8579694182469508493n, 2543179307861934850n, 4350769010207485119n, -4468719947444108136n, -7207776534213261296n, -1224312577878317200n,
  4287946071480840813n, 8362686366770308971n, 6486469209321732151n, -5605644191012979782n, -1669018511020473564n, 4450022655153542367n,
  -7618176296641240059n, -3896357471549267421n, -4596796223304447488n, -6531150016257070659n, -8982326463137525940n, -4125325062227681798n,
  -1306489741394045544n, -8338554946557245229n, 5329160409530630596n, 7790979528857726136n, 4955070238059373407n, -4304834761432101506n,
  -6215295852904371179n, 3007769226071157901n, -6753025801236972788n, 8928702772696731736n, 7856187920214445904n, -4748497451462800923n,
  7900176660600710914n, -7082800908938549136n, -6797926979589575837n, -6737316883512927978n, 4186670094382025798n, 1883939007446035042n,
  -414705992779907823n, 3734134241178479257n, 4065968871360089196n, 6953124200385847784n, -7917685222115876751n, -7585632937840318161n,
  -5567246375906782599n, -5256612402221608788n, 3106378204088556331n, -2894472214076325998n, 4565385105440252958n, 1979884289539493806n,
  -6891578849933910383n, 3783206694208922581n, 8464961209802336085n, 2843963751609577687n, 3030678195484896323n, -4429654462759003204n,
  4459239494808162889n, 402587895800087237n, 8057891408711167515n, 4541888170938985079n, 1042662272908816815n, -3666068979732206850n,
  2647678726283249984n, 2144477441549833761n, -3417019821499388721n, -2105601033380872185n, 5916597177708541638n, -8760774321402454447n,
  8833658097025758785n, 5970273481425315300n, 563813119381731307n, -6455022486202078793n, 1598828206250873866n, -4016978389451217698n,
  -2988328551145513985n, -6071154634840136312n, 8469693267274066490n, 125672920241807416n, -3912292412830714870n, -2559617104544284221n,
  -486523741806024092n, -4735332261862713930n, 5923302823487327109n, -9082480245771672572n, -1808429243461201518n, 7990420780896957397n,
  4317817392807076702n, 3625184369705367340n, -6482649271566653105n, -3480272027152017464n, -3225473396345736649n, -368878695502291645n,
  -3981164001421868007n, -8522033136963788610n, 7609280429197514109n, 3020985755112334161n, -2572049329799262942n, 2635195723621160615n,
  5144520864246028816n, -8188285521126945980n, 1567242097116389047n, 8172389260191636581n, -2885551685425483535n, -7060359469858316883n,
  -6480181133964513127n, -7317004403633452381n, 6011544915663598137n, 5932255307352610768n, 2241128460406315459n, -8327867140638080220n,
  3094483003111372717n, 4583857460292963101n, 9079887171656594975n, -384082854924064405n, -3460631649611717935n, 4225072055348026230n,
  -7385151438465742745n, 3801620336801580414n, -399845416774701952n, -7446754431269675473n, 7899055018877642622n, 5421679761463003041n,
  5521102963086275121n, -4975092593295409910n, 8735487530905098534n, -7462844945281082830n, -2080886987197029914n, -1000715163927557685n,
  -4253840471931071485n, -5828896094657903328n, 6424174453260338141n, 359248545074932887n, -5949720754023045210n, -2426265837057637212n,
  3030918217665093212n, -9077771202237461772n, -3186796180789149575n, 740416251634527158n, -2142944401404840226n, 6951781370868335478n,
  399922722363687927n, -8928469722407522623n, -1378421100515597285n, -8343051178220066766n, -3030716356046100229n, -8811767350470065420n,
  9026808440365124461n, 6440783557497587732n, 4615674634722404292n, 539897290441580544n, 2096238225866883852n, 8751955639408182687n,
  -7316147128802486205n, 7381039757301768559n, 6157238513393239656n, -1473377804940618233n, 8629571604380892756n, 5280433031239081479n,
  7101611890139813254n, 2479018537985767835n, 7169176924412769570n, -1281305539061572506n, -7865612307799218120n, 2278447439451174845n,
  3625338785743880657n, 6477479539006708521n, 8976185375579272206n, -3712000482142939688n, 1326024180520890843n, 7537449876596048829n,
  5464680203499696154n, 3189671183162196045n, 6346751753565857109n, -8982212049534145501n, -6127578587196093755n, -245039190118465649n,
  -6320577374581628592n, 7208698530190629697n, 7276901792339343736n, -7490986807540332668n, 4133292154170828382n, 2918308698224194548n,
  -7703910638917631350n, -3929437324238184044n, -4300543082831323144n, -6344160503358350167n, 5896236396443472108n, -758328221503023383n,
  -1894351639983151068n, -307900319840287220n, -6278469401177312761n, -2171292963361310674n, 8382142935188824023n, 9103922860780351547n,
  4152330101494654406n,
];

function seedrand(x: number): number {
  const hi = Math.trunc(x / 44488);
  const lo = x % 44488;
  x = 48271 * lo - 3399 * hi;
  if (x < 0) x += 2147483647;
  return x;
}

export class GoRand {
  private readonly vec: bigint[] = new Array<bigint>(607);
  private tap = 0;
  private feed = 607 - 273;

  constructor(seed: number) {
    let s = seed % 2147483647;
    if (s < 0) s += 2147483647;
    if (s === 0) s = 89482311;
    let x = s;
    for (let i = -20; i < 607; i++) {
      x = seedrand(x);
      if (i >= 0) {
        let u = BigInt(x) << 40n;
        x = seedrand(x);
        u ^= BigInt(x) << 20n;
        x = seedrand(x);
        u ^= BigInt(x);
        u ^= COOKED[i];
        this.vec[i] = BigInt.asUintN(64, u);
      }
    }
  }

  int63(): bigint {
    this.tap--;
    if (this.tap < 0) this.tap += 607;
    this.feed--;
    if (this.feed < 0) this.feed += 607;
    const x = BigInt.asUintN(64, this.vec[this.feed] + this.vec[this.tap]);
    this.vec[this.feed] = x;
    return x & ((1n << 63n) - 1n);
  }

  float64(): number {
    for (;;) {
      const f = Number(this.int63()) / 2 ** 63;
      if (f !== 1) return f;
    }
  }
}

/** Go math.Round: halves away from zero; NaN, ±Inf and |x| ≥ 2^52 unchanged; sign of zero kept. */
export function goRound(x: number): number {
  if (!(Math.abs(x) < 2 ** 52)) return x;
  const t = Math.trunc(x);
  if (Math.abs(x - t) >= 0.5) return t + Math.sign(x);
  return t;
}

/** genALPColumns(1, n, decimals, seed)[0] from mebo's alp_test.go (spec Appendix A.3). */
export function alpGoldenColumn(n: number, decimals: number, seed = 42): Float64Array {
  const rng = new GoRand(seed);
  const scale = decimals >= 0 ? 10 ** decimals : 1;
  const out = new Float64Array(n);
  let cur = 100.0;
  for (let j = 0; j < n; j++) {
    cur = cur + cur * (rng.float64() * 2.0 - 1.0) * 0.005;
    out[j] = decimals >= 0 ? goRound(cur * scale) / scale : cur;
  }
  return out;
}

/** Float64Array from raw u64 bit patterns (hi, lo pairs), bypassing Number so NaN payloads stay exact. */
export function fromBits(pairs: ReadonlyArray<readonly [number, number]>): Float64Array {
  const out = new Float64Array(pairs.length);
  const u = new Uint32Array(out.buffer);
  pairs.forEach(([hi, lo], i) => {
    u[2 * i] = lo >>> 0;
    u[2 * i + 1] = hi >>> 0;
  });
  return out;
}

/** Numeric equality (===) of two Float64Arrays over n values; returns the first differing index or −1. */
export function firstNumberDiff(a: Float64Array, b: Float64Array, n: number): number {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return -1;
}

/** Bit-exact equality of two Float64Arrays over n values; returns the first differing index or −1. */
export function firstBitDiff(a: Float64Array, b: Float64Array, n: number): number {
  const ua = new Uint32Array(a.buffer, a.byteOffset, n * 2);
  const ub = new Uint32Array(b.buffer, b.byteOffset, n * 2);
  for (let i = 0; i < 2 * n; i++) if (ua[i] !== ub[i]) return i >> 1;
  return -1;
}

// ---- Seeded column shapes shared by the property, fuzz and Go-vector suites ----

/** A small deterministic PRNG (mulberry32), kept here so the Go-vector hashes never depend on another package. */
export class Mulberry {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  u32(): number {
    return (this.next() * 4294967296) >>> 0;
  }
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Timestamp column shape k (0–9) of length n. */
export function tsShape(r: Mulberry, k: number, n: number): Float64Array {
  const out = new Float64Array(n);
  let t = 1_700_000_000_000_000 + r.int(1_000_000);
  for (let i = 0; i < n; i++) {
    switch (k % 10) {
      case 0: // regular 1 s
        t += 1_000_000;
        break;
      case 1: // jittered
        t += 1_000_000 + r.int(2001) - 1000;
        break;
      case 2: // duplicates and small steps
        t += r.int(3) === 0 ? 0 : r.int(50);
        break;
      case 3: // huge deltas, both signs
        t = 1_700_000_000_000_000 + (r.next() - 0.5) * 2 ** 52;
        t = Math.round(t);
        break;
      case 4: // anywhere in the safe range (delta-of-deltas beyond 2^53)
        t = Math.round((r.next() * 2 - 1) * MAX_SAFE);
        break;
      case 5: // negative, small
        t = -5_000 + i * 7 - r.int(3);
        break;
      case 6: // extremes
        t = [MAX_SAFE, -MAX_SAFE, 0, -1, 1, 2 ** 32, -(2 ** 32)][r.int(7)];
        break;
      case 7: // decreasing
        t -= r.int(100_000);
        break;
      case 8: // mixed widths for DeltaPacked
        t += [0, 1, 300, 70_000, 5_000_000_000][r.int(5)] * (r.int(2) ? 1 : -1);
        break;
      default: // millisecond cadence with rare gaps
        t += r.int(50) === 0 ? 3_600_000_000 : 1_000;
    }
    out[i] = t;
  }
  return out;
}

/** Value column shape k (0–13) of length n; NaN payloads are written through the bits. */
export function valueShape(r: Mulberry, k: number, n: number): Float64Array {
  const out = new Float64Array(n);
  const u = new Uint32Array(out.buffer);
  let cur = 50 + r.int(100);
  for (let i = 0; i < n; i++) {
    switch (k % 14) {
      case 0: // 2-decimal random walk
        cur += (r.next() - 0.5) * 2;
        out[i] = Math.round(cur * 100) / 100;
        break;
      case 1: // full-precision walk
        cur += (r.next() - 0.5) * cur * 0.01;
        out[i] = cur;
        break;
      case 2: // constant
        out[i] = 42.125;
        break;
      case 3: // specials: NaN payloads, ±0, ±Inf, subnormals, extremes
        switch (r.int(9)) {
          case 0:
            u[2 * i] = r.u32();
            u[2 * i + 1] = 0x7ff00000 | (r.u32() & 0xfffff) | 1; // NaN (payload in the high mantissa too)
            break;
          case 1:
            u[2 * i] = r.u32() | 1;
            u[2 * i + 1] = 0xfff80000 | (r.u32() & 0x7ffff); // negative quiet NaN
            break;
          case 2:
            out[i] = -0;
            break;
          case 3:
            out[i] = Infinity;
            break;
          case 4:
            out[i] = -Infinity;
            break;
          case 5:
            u[2 * i] = r.u32();
            u[2 * i + 1] = r.u32() & 0x000fffff; // subnormal
            break;
          case 6:
            out[i] = Number.MAX_VALUE * (r.int(2) ? 1 : -1);
            break;
          case 7:
            out[i] = 5e-324;
            break;
          default:
            out[i] = 0;
        }
        break;
      case 4: // random bit patterns
        u[2 * i] = r.u32();
        u[2 * i + 1] = r.u32();
        break;
      case 5: // integers with occasional jumps
        out[i] = r.int(20) === 0 ? r.int(1_000_000) : 1000 + r.int(10);
        break;
      case 6: // decimals with rare exceptions
        out[i] = r.int(25) === 0 ? Math.PI * 10 ** r.int(20) : Math.round(r.next() * 1e6) / 1e3;
        break;
      case 7: // big magnitudes (|scaled| ≥ 2^51 path) and halves
        out[i] = (r.int(2) ? 1 : -1) * (2 ** 51 + r.int(2 ** 20)) + (r.int(2) ? 0.5 : 0);
        break;
      case 8: // negative decimals with ties
        out[i] = -(r.int(100_000) + 0.5) / 100;
        break;
      case 9: // few distinct values (Gorilla/Chimp reuse paths)
        out[i] = [1.5, 2.25, 1.5, 1e-300, 3.75][r.int(5)];
        break;
      case 10: // huge integers near 9.2e18 and beyond
        out[i] = (r.int(2) ? 1 : -1) * (9.1e18 + r.int(2) * 2e17) + r.int(1000) * 2048;
        break;
      case 11: // tiny decimals
        out[i] = Math.round(r.next() * 1e4) * 1e-12;
        break;
      case 12: // slowly varying with repeats
        if (r.int(4) === 0) cur += 0.01;
        out[i] = cur;
        break;
      default: // mixed magnitudes (RD with exceptions)
        out[i] = (r.next() + 0.5) * 10 ** (r.int(8) - 4);
    }
  }
  return out;
}

/** Lengths used by the Go-vector and property suites: edge sizes plus a few larger ones. */
export const SHAPE_LENGTHS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 31, 32, 33, 63, 64, 65, 100, 257, 1000] as const;

// ---- Shared suites: seeded property round trips and the fuzz contract, per codec ----

export interface AnyCodec {
  encode(values: Float64Array, n: number, out: ByteWriter): void;
  decode(bytes: Uint8Array, start: number, end: number, n: number, littleEndian: boolean, out: Float64Array): void;
}

/** Encodes after a one-byte prefix (so columns never start at 0) and returns just the column. */
export function encodeColumn(codec: AnyCodec, values: Float64Array, le: boolean): Uint8Array {
  const w = new ByteWriter(16, le);
  w.u8(0xa5);
  codec.encode(values, values.length, w);
  return w.finish().subarray(1);
}

/** Decodes `col` embedded at a random offset in a buffer padded with `pad`, as a reader would see it. */
export function decodeEmbedded(codec: AnyCodec, col: Uint8Array, n: number, le: boolean, pad: number, prefix: number, out: Float64Array): void {
  const buf = new Uint8Array(prefix + col.length + 16).fill(pad);
  buf.set(col, prefix);
  codec.decode(buf, prefix, prefix + col.length, n, le, out);
}

export interface FuzzOutcome {
  cases: number;
  rejected: number;
}

/**
 * The fuzz contract for one codec: each seeded mutation (test-kit `mutate`) of a valid column
 * either decodes or throws MeboError (anything else escapes through `expectOnly` and fails), and the
 * outcome does not depend on the bytes around [start, end): decoding inside 0x00 padding and inside
 * 0xff padding must agree bit for bit, which catches reads outside the range.
 */
export function fuzzColumns(codec: AnyCodec, bases: readonly { bytes: Uint8Array; n: number; le: boolean }[], cases: number, seed: number): FuzzOutcome {
  const rng = new SeededRandom(seed);
  let rejected = 0;
  for (let c = 0; c < cases; c++) {
    const base = bases[c % bases.length];
    const bytes = mutate(base.bytes, rng);
    // Mostly the true count; sometimes a wrong one, as a corrupt index entry would give.
    const n = rng.int(4) === 0 ? rng.int(base.n * 2 + 3) : base.n;
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    const errA = expectOnly(MeboError, `case ${c} (pad 00)`, () => decodeEmbedded(codec, bytes, n, base.le, 0x00, 3, a));
    const errB = expectOnly(MeboError, `case ${c} (pad ff)`, () => decodeEmbedded(codec, bytes, n, base.le, 0xff, 5, b));
    if ((errA === undefined) !== (errB === undefined)) throw new Error(`case ${c}: outcome depends on bytes outside the column`);
    if (errA !== undefined) {
      if ((errA as MeboError).code !== (errB as MeboError).code) throw new Error(`case ${c}: error code depends on bytes outside the column`);
      rejected++;
      continue;
    }
    const d = firstBitDiff(a, b, n);
    if (d >= 0) throw new Error(`case ${c}: value ${d} depends on bytes outside the column`);
  }
  return { cases, rejected };
}

// ---- fast-check arbitraries (always run seeded) ----

const u32Arb = fc.nat({ max: 0xffff_ffff });

/** Timestamp columns: arbitrary safe integers, walks with jitter/duplicates, and the seeded shapes. */
export const tsColumnArb: fc.Arbitrary<Float64Array> = fc.oneof(
  fc.array(fc.maxSafeInteger(), { maxLength: 80 }).map((a) => Float64Array.from(a)),
  fc
    .tuple(fc.maxSafeInteger(), fc.array(fc.oneof(fc.integer({ min: -2000, max: 2000 }), fc.constant(0), fc.integer({ min: -(2 ** 40), max: 2 ** 40 })), { maxLength: 300 }))
    .map(([t0, steps]) => {
      const out = new Float64Array(steps.length + 1);
      let t = t0;
      out[0] = t;
      steps.forEach((d, i) => {
        t = Math.max(-MAX_SAFE, Math.min(MAX_SAFE, t + d));
        out[i + 1] = t;
      });
      return out;
    }),
  fc.tuple(fc.integer({ min: 0, max: 9 }), fc.nat(400), u32Arb).map(([k, n, seed]) => tsShape(new Mulberry(seed), k, n)),
);

/** A NaN with an arbitrary non-zero payload and sign. */
const nanArb = fc.tuple(fc.boolean(), fc.nat({ max: 0xfffff }), u32Arb).map(([neg, m, lo]) => [((neg ? 0xfff00000 : 0x7ff00000) | m | (m === 0 && lo === 0 ? 1 : 0)) >>> 0, lo] as const);

/** Value columns: any doubles (NaN, ±0, ±Inf, subnormals), raw bit patterns with NaN payloads, decimals, and the seeded shapes. */
export const valueColumnArb: fc.Arbitrary<Float64Array> = fc.oneof(
  fc.array(fc.double(), { maxLength: 100 }).map((a) => Float64Array.from(a)),
  fc.array(fc.oneof(fc.tuple(u32Arb, u32Arb), nanArb), { maxLength: 100 }).map((pairs) => fromBits(pairs)),
  fc.array(fc.integer({ min: -10_000_000, max: 10_000_000 }), { maxLength: 200 }).map((a) => Float64Array.from(a, (x) => x / 100)),
  fc.array(fc.constantFrom(0, -0, 1, 1.5, 100.25, NaN, Infinity, -Infinity, 5e-324, -2.2250738585072014e-308), { maxLength: 60 }).map((a) => Float64Array.from(a)),
  fc.tuple(fc.integer({ min: 0, max: 13 }), fc.nat(400), u32Arb).map(([k, n, seed]) => valueShape(new Mulberry(seed), k, n)),
);

/**
 * The common tests of one codec: seeded round trips (bit-exact, both engines, decoding from inside a
 * larger buffer), truncation, and ≥ 1,000 fuzz cases.
 */
export function codecSuite(codec: AnyCodec, kind: 'ts' | 'val', seed: number, runs = 300): void {
  const arb = kind === 'ts' ? tsColumnArb : valueColumnArb;
  const same = (a: Float64Array, b: Float64Array): void => {
    expect(kind === 'ts' ? firstNumberDiff(a, b, a.length) : firstBitDiff(a, b, a.length)).toBe(-1);
  };

  it.each([true, false])('round-trips seeded columns bit-exactly (littleEndian=%s)', (le) => {
    fc.assert(
      fc.property(arb, fc.nat(7), (col, prefix) => {
        const bytes = encodeColumn(codec, col, le);
        const out = new Float64Array(col.length);
        decodeEmbedded(codec, bytes, col.length, le, 0xee, prefix, out);
        same(col, out);
      }),
      { seed: seed + (le ? 0 : 1), numRuns: runs },
    );
  });

  it('appends to a writer that already holds bytes and decodes a column in the middle', () => {
    const r = new Mulberry(seed);
    const w = new ByteWriter(16, true);
    const cols: Float64Array[] = [];
    const ends: number[] = [];
    for (let k = 0; k < 6; k++) {
      const col = kind === 'ts' ? tsShape(r, k, 20 + k) : valueShape(r, k, 20 + k);
      cols.push(col);
      codec.encode(col, col.length, w);
      ends.push(w.pos);
    }
    const buf = w.finish();
    cols.forEach((col, k) => {
      const out = new Float64Array(col.length);
      codec.decode(buf, k === 0 ? 0 : ends[k - 1], ends[k], col.length, true, out);
      same(col, out);
    });
  });

  it('encodes nothing for n = 0 and decodes n = 0 from an empty range', () => {
    const w = new ByteWriter(16, true);
    codec.encode(new Float64Array(3), 0, w);
    expect(w.pos).toBe(0);
    codec.decode(new Uint8Array(0), 0, 0, 0, true, new Float64Array(0));
  });

  it('rejects every truncation of a valid column with MeboError', () => {
    const r = new Mulberry(seed + 7);
    for (let k = 0; k < 10; k++) {
      const col = kind === 'ts' ? tsShape(r, k, 1 + k * 7) : valueShape(r, k, 1 + k * 7);
      const bytes = encodeColumn(codec, col, true);
      for (let cut = 0; cut < bytes.length; cut++) {
        const err = expectOnly(MeboError, `shape ${k} cut ${cut}`, () => codec.decode(bytes.subarray(0, cut), 0, cut, col.length, true, new Float64Array(col.length)));
        expect(err).toBeInstanceOf(MeboError);
      }
    }
  });

  it('rejects out-of-range arguments with MeboError', () => {
    const bytes = encodeColumn(codec, Float64Array.of(1, 2, 3), true);
    expect(() => codec.decode(bytes, 0, bytes.length + 1, 3, true, new Float64Array(3))).toThrow(MeboError);
    expect(() => codec.decode(bytes, 2, 1, 3, true, new Float64Array(3))).toThrow(MeboError);
    expect(() => codec.decode(bytes, 0, bytes.length, 4, true, new Float64Array(3))).toThrow(MeboError);
    expect(() => codec.encode(new Float64Array(2), 3, new ByteWriter())).toThrow(MeboError);
  });

  if (kind === 'ts') {
    it('rejects timestamps that are not safe integers', () => {
      for (const bad of [0.5, NaN, Infinity, 2 ** 53, -(2 ** 60)]) {
        expect(() => codec.encode(Float64Array.of(1, bad), 2, new ByteWriter())).toThrow(MeboError);
        expect(() => codec.encode(Float64Array.of(bad), 1, new ByteWriter())).toThrow(MeboError);
      }
    });
  }

  it('fuzz: 1,200 mutated columns decode or throw MeboError, never reading outside [start, end)', () => {
    const r = new Mulberry(seed + 11);
    const bases: { bytes: Uint8Array; n: number; le: boolean }[] = [];
    for (let k = 0; k < (kind === 'ts' ? 10 : 14); k++) {
      for (const n of [1, 2, 5, 17, 64]) {
        const col = kind === 'ts' ? tsShape(r, k, n) : valueShape(r, k, n);
        const le = (k + n) % 2 === 0;
        bases.push({ bytes: encodeColumn(codec, col, le), n, le });
      }
    }
    const res = fuzzColumns(codec, bases, 1200, seed + 13);
    expect(res.cases).toBe(1200);
    expect(res.rejected).toBeGreaterThan(0);
  });
}

/** ALP edge values: rounding ties, the 2^51 / 2^52 / 9.2e18 boundaries, ±0, extremes, mixed with decimals. */
const ALP_SPECIALS = [
  0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2 ** 51, 2 ** 51 + 0.5, -(2 ** 51) - 0.5, 2 ** 52, 2 ** 52 + 1, 2 ** 53, 2 ** 53 + 2, 9.2e18, -9.2e18,
  9.2e18 - 1024, 9.3e18, 1e19, 1e-300, 1e300, -0, 0, 5e-324, 0.1, 0.3, 1 / 3, 123456.789, 4503599627370495.5, -4503599627370495.5,
  2251799813685247.5, 2251799813685248.5, 1e17 * Math.PI, 1e18, 1e-18, 99999999999999 + 63 / 64, 0.01, 0.005, 0.015,
];

/** `count` seeded ALP edge columns of 1–80 values. */
export function alpEdgeColumns(count: number, seed = 4242): Float64Array[] {
  const r = new Mulberry(seed);
  const cols: Float64Array[] = [];
  for (let c = 0; c < count; c++) {
    const n = 1 + r.int(80);
    const v = new Float64Array(n);
    const mode = r.int(4);
    const base = ALP_SPECIALS[r.int(ALP_SPECIALS.length)];
    for (let i = 0; i < n; i++) {
      if (mode === 0) v[i] = ALP_SPECIALS[r.int(ALP_SPECIALS.length)];
      else if (mode === 1) v[i] = r.int(5) === 0 ? ALP_SPECIALS[r.int(ALP_SPECIALS.length)] : Math.round(r.next() * 1e4) / 100;
      else if (mode === 2) v[i] = base * (1 + r.int(3)) + r.int(3) * 0.5;
      else v[i] = ((r.int(2) ? -1 : 1) * Math.round(r.next() * 2 ** 52)) / 10 ** r.int(19);
    }
    cols.push(v);
  }
  return cols;
}
